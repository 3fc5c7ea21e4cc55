package io.pinpipe.connect.query;

/**
 * The SQL of one table, built once. Identifiers are always quoted (a backtick inside is doubled)
 * and every value is a bound parameter. Reads are keyset pages: {@code WHERE key > ? ORDER BY key
 * LIMIT n} uses the key's index, never scans what was read before, and holds at most {@code n}
 * rows, so memory stays flat on a table of any size without relying on cursor fetch.
 */
public final class TableQueries {

  private final String selectColumns;
  private final String table;
  private final String key;
  private final String timestamp;

  /**
   * @param timestampColumn the timestamp+incrementing column, or null in incrementing mode
   */
  public TableQueries(String table, String keyColumn, String timestampColumn) {
    this.table = quote(table);
    this.key = quote(keyColumn);
    this.timestamp = timestampColumn == null ? null : quote(timestampColumn);
    this.selectColumns = "SELECT * FROM " + this.table;
  }

  /** Quotes a MySQL identifier. */
  public static String quote(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException("empty identifier");
    }
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** Metadata only: the table's columns, no rows. */
  public String columns() {
    return selectColumns + " LIMIT 0";
  }

  /** The first page, before any offset: parameter 1 is the page size. */
  public String firstPage() {
    return selectColumns + " ORDER BY " + key + " LIMIT ?";
  }

  /** The next page: parameter 1 the last delivered key, 2 the page size. */
  public String pageAfter() {
    return selectColumns + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT ?";
  }

  /**
   * timestamp+incrementing: rows changed after the last delivered (timestamp, key), up to an upper
   * bound from the database clock. Parameters: 1 upper bound, 2 and 3 the last timestamp, 4 the
   * last key, 5 the page size.
   */
  public String timestampPage() {
    if (timestamp == null) {
      throw new IllegalStateException("no timestamp column");
    }
    return selectColumns
        + " WHERE "
        + timestamp
        + " < ? AND ("
        + timestamp
        + " > ? OR ("
        + timestamp
        + " = ? AND "
        + key
        + " > ?)) ORDER BY "
        + timestamp
        + ", "
        + key
        + " LIMIT ?";
  }

  /** The rows of a range, in key order: parameters 1 and 2 the range's ends, 3 the page size. */
  public String rangePage() {
    return selectColumns + " WHERE " + key + " BETWEEN ? AND ? ORDER BY " + key + " LIMIT ?";
  }

  /** Whether any key in a range exists now: parameters 1 and 2 the range's ends. */
  public String anyKeyBetween() {
    return "SELECT " + key + " FROM " + table + " WHERE " + key + " BETWEEN ? AND ? LIMIT 1";
  }

  /**
   * A locking read of a range that does not wait: parameters 1 and 2 the range's ends. Fails at
   * once with a lock error when an open transaction holds a key of it (MySQL 8, MariaDB 10.3+).
   */
  public String lockProbe() {
    return "SELECT "
        + key
        + " FROM "
        + table
        + " WHERE "
        + key
        + " BETWEEN ? AND ? LIMIT 1 FOR UPDATE NOWAIT";
  }

  public String maxKey() {
    return "SELECT MAX(" + key + ") FROM " + table;
  }

  /** The database's clock, to the microsecond. */
  public static String now() {
    return "SELECT NOW(6)";
  }

  /** Transactions open on the server, except this connection's own. */
  public static String openTransactions() {
    return "SELECT trx_id FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID()";
  }
}
