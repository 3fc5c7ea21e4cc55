package io.pinpipe.connect.catalog;

import io.pinpipe.connect.config.TableSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a configured table against the database catalog before anything is read: the table exists
 * (names are matched against the catalog, never pasted into SQL unchecked), the key column exists
 * and is an integer, NOT NULL and the leading column of an index, and a timestamp column is a
 * date-time.
 */
public final class TableCatalog {

  /** What reading a table needs to know about it. */
  public record TableInfo(
      String table, String keyColumn, boolean autoIncrementKey, String timestampColumn) {}

  /** A table that cannot be read as configured; the message says why, naming the table. */
  /** What a problem concerns, so that it is reported on the setting that decides it. */
  public enum Concern {
    TABLE,
    KEY_COLUMN,
    TIMESTAMP_COLUMN
  }

  public static final class CatalogException extends Exception {
    private final Concern concern;

    CatalogException(String message) {
      this(message, Concern.TABLE);
    }

    CatalogException(String message, Concern concern) {
      super(message);
      this.concern = concern;
    }

    public Concern concern() {
      return concern;
    }
  }

  private static final Set<Integer> INTEGER_TYPES =
      Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
  private static final Set<Integer> DATETIME_TYPES =
      Set.of(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE);

  private TableCatalog() {}

  public static TableInfo describe(Connection connection, String database, TableSpec spec)
      throws SQLException, CatalogException {
    DatabaseMetaData meta = connection.getMetaData();
    String table = exactTableName(meta, database, spec.name());
    String key = spec.keyColumn().isBlank() ? primaryKey(meta, database, table) : spec.keyColumn();
    Column keyColumn = column(meta, database, table, key, Concern.KEY_COLUMN);
    if (!INTEGER_TYPES.contains(keyColumn.jdbcType())) {
      throw new CatalogException(
          "table "
              + table
              + ": key column "
              + key
              + " is "
              + keyColumn.typeName()
              + ", not an integer type",
          Concern.KEY_COLUMN);
    }
    if (keyColumn.nullable()) {
      throw new CatalogException(
          "table " + table + ": key column " + key + " allows NULL; it must be NOT NULL",
          Concern.KEY_COLUMN);
    }
    if (!leadsAnIndex(meta, database, table, key)) {
      throw new CatalogException(
          "table "
              + table
              + ": key column "
              + key
              + " is not the first column of an index,"
              + " so every page would scan the table; add an index or use the primary key",
          Concern.KEY_COLUMN);
    }
    String timestamp = null;
    if (spec.timestampMode()) {
      Column column =
          column(meta, database, table, spec.timestampColumn(), Concern.TIMESTAMP_COLUMN);
      if (!DATETIME_TYPES.contains(column.jdbcType())) {
        throw new CatalogException(
            "table "
                + table
                + ": timestamp column "
                + spec.timestampColumn()
                + " is "
                + column.typeName()
                + ", not DATETIME or TIMESTAMP",
            Concern.TIMESTAMP_COLUMN);
      }
      timestamp = column.name();
    }
    return new TableInfo(table, keyColumn.name(), keyColumn.autoIncrement(), timestamp);
  }

  private record Column(
      String name, int jdbcType, String typeName, boolean nullable, boolean autoIncrement) {}

  private static String exactTableName(DatabaseMetaData meta, String database, String name)
      throws SQLException, CatalogException {
    try (ResultSet tables =
        meta.getTables(database, null, name, new String[] {"TABLE", "VIEW", "BASE TABLE"})) {
      while (tables.next()) {
        if (tables.getString("TABLE_NAME").equals(name)) {
          return name;
        }
      }
    }
    throw new CatalogException("table " + name + " does not exist in database " + database);
  }

  private static String primaryKey(DatabaseMetaData meta, String database, String table)
      throws SQLException, CatalogException {
    List<String> columns = new ArrayList<>();
    try (ResultSet keys = meta.getPrimaryKeys(database, null, table)) {
      while (keys.next()) {
        columns.add(keys.getString("COLUMN_NAME"));
      }
    }
    if (columns.size() != 1) {
      throw new CatalogException(
          "table "
              + table
              + " has "
              + (columns.isEmpty() ? "no primary key" : "a composite primary key " + columns)
              + "; set table."
              + table
              + ".key.column to an integer key column");
    }
    return columns.get(0);
  }

  private static Column column(
      DatabaseMetaData meta, String database, String table, String name, Concern concern)
      throws SQLException, CatalogException {
    try (ResultSet columns = meta.getColumns(database, null, table, null)) {
      while (columns.next()) {
        if (columns.getString("COLUMN_NAME").equals(name)) {
          return new Column(
              name,
              columns.getInt("DATA_TYPE"),
              columns.getString("TYPE_NAME"),
              columns.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
              "YES".equalsIgnoreCase(columns.getString("IS_AUTOINCREMENT")));
        }
      }
    }
    throw new CatalogException("table " + table + " has no column " + name, concern);
  }

  private static boolean leadsAnIndex(
      DatabaseMetaData meta, String database, String table, String column) throws SQLException {
    try (ResultSet index = meta.getIndexInfo(database, null, table, false, true)) {
      while (index.next()) {
        if (index.getShort("ORDINAL_POSITION") == 1
            && column.equals(index.getString("COLUMN_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }
}
