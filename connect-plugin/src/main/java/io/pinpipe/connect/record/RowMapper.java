package io.pinpipe.connect.record;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Turns rows of one table into Connect keys and values. The schemas are built from a result set's
 * metadata: the value is a struct with the table's own column names in table order, the key the
 * integer key column alone (so that {@code StringConverter} and {@code JsonConverter} both write
 * {@code 7528}). A mapper fits the columns it was built for: {@link #forColumns} gives one for the
 * columns a page really has, so a column added, dropped or changed by {@code ALTER TABLE} is
 * followed by name, never read at another column's position.
 *
 * <p>Values: TIME as MySQL writes it ({@code 838:59:59}, {@code -12:30:00.5}: hours past 24 and the
 * sign kept); a zero date or date-time ({@code 0000-00-00}, allowed by some SQL modes even in NOT
 * NULL columns) as null, so every DATE and DATETIME field is optional; BIGINT UNSIGNED as a Decimal
 * of scale 0; TINYINT(1) and BOOLEAN as integers, BIT(1) as a boolean.
 */
public final class RowMapper {

  /** ISO-8601 local date-time, seconds always written, fraction only when nonzero. */
  static final DateTimeFormatter ISO_LOCAL =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private final String database;
  private final String table;
  private final String keyColumn;
  private final String timestampColumn;
  private final List<String> columns = new ArrayList<>();

  /**
   * The database's type name of each column, with its precision and scale: what a change of type
   * changes.
   */
  private final List<String> declaredTypes = new ArrayList<>();

  private final List<ColumnKind> kinds = new ArrayList<>();
  private final List<Integer> scales = new ArrayList<>();
  private final int keyIndex;
  private final ColumnKind keyKind;
  private final KeyDomain keyDomain;
  private final Schema keySchema;
  private final Schema valueSchema;
  private final int timestampIndex;
  private final int timestampFractionDigits;
  private final boolean floatAsDecimalDouble;
  private final boolean datetimeAsIsoString;

  /**
   * @param timestampColumn the timestamp+incrementing column, or null
   */
  public RowMapper(
      String database,
      String table,
      ResultSetMetaData metadata,
      String keyColumn,
      String timestampColumn,
      boolean floatAsDecimalDouble,
      boolean datetimeAsIsoString)
      throws SQLException {
    this.database = database;
    this.table = table;
    this.keyColumn = keyColumn;
    this.timestampColumn = timestampColumn;
    this.floatAsDecimalDouble = floatAsDecimalDouble;
    this.datetimeAsIsoString = datetimeAsIsoString;
    SchemaBuilder value = SchemaBuilder.struct().name(schemaName(database, table) + ".Value");
    int key = -1;
    int timestamp = -1;
    for (int i = 1; i <= metadata.getColumnCount(); i++) {
      String name = metadata.getColumnLabel(i);
      ColumnKind kind =
          ColumnKind.of(
              metadata.getColumnType(i), metadata.getColumnTypeName(i), metadata.getPrecision(i));
      boolean optional = metadata.isNullable(i) != ResultSetMetaData.columnNoNulls;
      int scale = Math.max(metadata.getScale(i), 0);
      columns.add(name);
      declaredTypes.add(declaredType(metadata, i));
      kinds.add(kind);
      scales.add(scale);
      value.field(name, fieldSchema(kind, scale, optional));
      if (name.equals(keyColumn)) {
        key = i - 1;
      }
      if (name.equals(timestampColumn)) {
        timestamp = i - 1;
      }
    }
    if (key < 0) {
      throw new SQLException(
          "key column "
              + keyColumn
              + " is not among the columns of "
              + table
              + " "
              + columns
              + "; was it dropped or renamed? Point table."
              + table
              + ".key.column at the new key column");
    }
    if (timestampColumn != null && timestamp < 0) {
      throw new SQLException(
          "timestamp column "
              + timestampColumn
              + " is not among the columns of "
              + table
              + " "
              + columns
              + "; was it dropped or renamed? Point table."
              + table
              + ".timestamp.column at the new column");
    }
    keyIndex = key;
    keyKind = kinds.get(key);
    boolean unsignedBigint =
        keyKind == ColumnKind.DECIMAL
            && metadata
                .getColumnTypeName(key + 1)
                .toUpperCase(java.util.Locale.ROOT)
                .startsWith("BIGINT UNSIGNED");
    if (keyKind != ColumnKind.INT32 && keyKind != ColumnKind.INT64 && !unsignedBigint) {
      throw new SQLException(
          "key column " + keyColumn + " of " + table + " is not an integer column");
    }
    keyDomain = unsignedBigint ? KeyDomain.UNSIGNED_64 : KeyDomain.SIGNED;
    // A BIGINT UNSIGNED key, up to 2^64 - 1, is a Decimal of scale 0, as its values are:
    // StringConverter writes its digits, JsonConverter too with decimal.format=NUMERIC.
    keySchema =
        unsignedBigint
            ? Decimal.schema(0)
            : keyKind == ColumnKind.INT32 ? Schema.INT32_SCHEMA : Schema.INT64_SCHEMA;
    valueSchema = value.build();
    timestampIndex = timestamp;
    timestampFractionDigits =
        timestamp < 0 ? 6 : Math.min(Math.max(metadata.getScale(timestamp + 1), 0), 6);
  }

  private static String declaredType(ResultSetMetaData metadata, int column) throws SQLException {
    return metadata.getColumnTypeName(column)
        + "("
        + metadata.getPrecision(column)
        + ","
        + metadata.getScale(column)
        + ")"
        + (metadata.isNullable(column) == ResultSetMetaData.columnNoNulls ? " NOT NULL" : "");
  }

  /**
   * A mapper for the columns of {@code metadata}: this one if they are the columns it was built for
   * (names, order and types), else a new one built from them.
   *
   * @throws SQLException naming the column when the key or timestamp column is gone
   */
  public RowMapper forColumns(ResultSetMetaData metadata) throws SQLException {
    if (fits(metadata)) {
      return this;
    }
    return new RowMapper(
        database,
        table,
        metadata,
        keyColumn,
        timestampColumn,
        floatAsDecimalDouble,
        datetimeAsIsoString);
  }

  private boolean fits(ResultSetMetaData metadata) throws SQLException {
    if (metadata.getColumnCount() != columns.size()) {
      return false;
    }
    for (int i = 1; i <= columns.size(); i++) {
      if (!columns.get(i - 1).equals(metadata.getColumnLabel(i))
          || !declaredTypes.get(i - 1).equals(declaredType(metadata, i))) {
        return false;
      }
    }
    return true;
  }

  /** The columns, each with its declared type, in table order: for the log line of a change. */
  public List<String> describeColumns() {
    List<String> described = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      described.add(columns.get(i) + " " + declaredTypes.get(i));
    }
    return described;
  }

  private Schema fieldSchema(ColumnKind kind, int scale, boolean optional) {
    SchemaBuilder builder =
        switch (kind) {
          case INT32 -> SchemaBuilder.int32();
          case INT64 -> SchemaBuilder.int64();
          case FLOAT -> floatAsDecimalDouble ? SchemaBuilder.float64() : SchemaBuilder.float32();
          case FLOAT64 -> SchemaBuilder.float64();
          case DECIMAL -> Decimal.builder(scale);
          case BOOLEAN -> SchemaBuilder.bool();
          case BYTES -> SchemaBuilder.bytes();
          case DATETIME -> datetimeAsIsoString ? SchemaBuilder.string() : Timestamp.builder();
          case DATE, TIME, STRING -> SchemaBuilder.string();
        };
    // A zero date reads as null even in a NOT NULL column.
    boolean mayBeNull = optional || kind == ColumnKind.DATE || kind == ColumnKind.DATETIME;
    return mayBeNull ? builder.optional().build() : builder.build();
  }

  private static String schemaName(String database, String table) {
    return (database + "." + table).replaceAll("[^A-Za-z0-9_.]", "_");
  }

  public Schema keySchema() {
    return keySchema;
  }

  public Schema valueSchema() {
    return valueSchema;
  }

  /** How the keys map onto order-keeping longs. */
  public KeyDomain keyDomain() {
    return keyDomain;
  }

  /** The key of the current row as an order-keeping long ({@link KeyDomain}). */
  public long key(ResultSet row) throws SQLException {
    return keyDomain.read(row, keyIndex + 1);
  }

  /**
   * The key as the key schema's type: Integer for INT columns, Long for BIGINT, a Decimal for
   * BIGINT UNSIGNED.
   */
  public Object keyValue(long key) {
    if (keyDomain == KeyDomain.UNSIGNED_64) {
      return keyDomain.decimal(key);
    }
    return keyKind == ColumnKind.INT32 ? (Object) (int) key : (Object) key;
  }

  /** How many digits of a second the timestamp column keeps: 0 for DATETIME, 6 for DATETIME(6). */
  public int timestampFractionDigits() {
    return timestampFractionDigits;
  }

  /** The timestamp+incrementing column of the current row, or null. */
  public LocalDateTime timestamp(ResultSet row) throws SQLException {
    return timestampIndex < 0 ? null : row.getObject(timestampIndex + 1, LocalDateTime.class);
  }

  /** The current row as a struct of raw values. */
  public Struct value(ResultSet row) throws SQLException {
    Struct struct = new Struct(valueSchema);
    for (int i = 0; i < columns.size(); i++) {
      struct.put(columns.get(i), read(row, i + 1, kinds.get(i), scales.get(i)));
    }
    return struct;
  }

  private Object read(ResultSet row, int column, ColumnKind kind, int scale) throws SQLException {
    Object value =
        switch (kind) {
          case INT32 -> row.getInt(column);
          case INT64 -> row.getLong(column);
          case FLOAT -> {
            float f = row.getFloat(column);
            yield floatAsDecimalDouble ? (Object) FloatDecimal.asDouble(f) : (Object) f;
          }
          case FLOAT64 -> row.getDouble(column);
          case DECIMAL -> {
            BigDecimal decimal = row.getBigDecimal(column);
            yield decimal == null ? null : decimal.setScale(scale);
          }
          case BOOLEAN -> row.getBoolean(column);
          case BYTES -> row.getBytes(column);
          case DATETIME -> {
            LocalDateTime dateTime = row.getObject(column, LocalDateTime.class);
            yield dateTime == null
                ? null
                : datetimeAsIsoString
                    ? ISO_LOCAL.format(dateTime)
                    : Date.from(dateTime.toInstant(ZoneOffset.UTC));
          }
          case DATE -> {
            LocalDate date = row.getObject(column, LocalDate.class);
            yield date == null ? null : date.toString();
          }
          // As MySQL writes it: a TIME is a duration from -838:59:59 to 838:59:59, not a time of
          // day.
          case TIME -> row.getString(column);
          case STRING -> row.getString(column);
        };
    return row.wasNull() ? null : value;
  }
}
