package io.pinpipe.connect.offset;

import java.util.Map;

/**
 * The source partition of one table: Connect stores one offset per table under this map. The map
 * names the database and table, so two connectors on two databases never share offsets.
 */
public record TablePartition(String database, String table) {

  static final String DATABASE = "database";
  static final String TABLE = "table";

  public Map<String, Object> toMap() {
    return Map.of(DATABASE, database, TABLE, table);
  }

  public static TablePartition fromMap(Map<String, ?> map) {
    Object database = map.get(DATABASE);
    Object table = map.get(TABLE);
    if (!(database instanceof String d) || !(table instanceof String t)) {
      throw new IllegalArgumentException("not a table partition: " + map);
    }
    return new TablePartition(d, t);
  }
}
