package io.pinpipe.connect.offset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source partition of one table: Connect stores one offset per table under this map. The map
 * names the database and table, so two connectors on two databases never share offsets.
 */
public record TablePartition(String database, String table) {

  static final String DATABASE = "database";
  static final String TABLE = "table";

  /**
   * Connect keys stored offsets by the serialized partition map, so its field order must never
   * change: Map.of iterates in an order that differs from one JVM to the next, which would make a
   * restarted worker miss every stored offset.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(DATABASE, database);
    map.put(TABLE, table);
    return map;
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
