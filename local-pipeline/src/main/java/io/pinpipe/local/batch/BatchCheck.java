package io.pinpipe.local.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The original project's batch half on our S3 output: the analytics questions as SQL over the
 * cleaned objects the S3 sink wrote, run by DuckDB on the files (offline, in this process), and
 * compared with the tables the Streams app keeps. The queries are the ones shipped for Athena
 * ({@code msk-connect/athena/queries}); only the views over the objects are DuckDB's own.
 */
public final class BatchCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Columns of the cleaned topics (contract section 3), as DuckDB reads them from JSON. */
  private static final Map<String, String> PIN_COLUMNS =
      columns(
          "ind",
          "BIGINT",
          "unique_id",
          "VARCHAR",
          "title",
          "VARCHAR",
          "description",
          "VARCHAR",
          "follower_count",
          "BIGINT",
          "poster_name",
          "VARCHAR",
          "tag_list",
          "VARCHAR",
          "is_image_or_video",
          "VARCHAR",
          "image_src",
          "VARCHAR",
          "save_location",
          "VARCHAR",
          "category",
          "VARCHAR");

  private static final Map<String, String> GEO_COLUMNS =
      columns(
          "ind", "BIGINT", "country", "VARCHAR", "coordinates", "DOUBLE[]", "timestamp", "VARCHAR");
  private static final Map<String, String> USER_COLUMNS =
      columns("ind", "BIGINT", "user_name", "VARCHAR", "age", "BIGINT", "date_joined", "VARCHAR");

  private BatchCheck() {}

  /**
   * Runs every query over the objects under {@code topicDirectory} and compares with the streaming
   * answers.
   *
   * @param topicDirectory where a topic's objects are, by topic name
   * @param streaming each analytics table's current values (JSON text), as the Streams app wrote
   *     them
   */
  public static Result run(
      Function<String, Path> topicDirectory,
      String topicPrefix,
      Map<AnalyticsTable, Collection<String>> streaming)
      throws SQLException {
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duckdb.createStatement()) {
      // DuckDB takes 80% of the machine's memory by default; here it shares the machine.
      statement.execute("SET memory_limit = '256MB'");
      statement.execute("SET threads = 2");
      statement.execute(
          view("pin_clean", topicDirectory.apply(topicPrefix + "pin.clean"), PIN_COLUMNS));
      statement.execute(
          view("geo_clean", topicDirectory.apply(topicPrefix + "geo.clean"), GEO_COLUMNS));
      statement.execute(
          view("user_clean", topicDirectory.apply(topicPrefix + "user.clean"), USER_COLUMNS));
      List<TableResult> tables = new ArrayList<>();
      for (AnalyticsTable table : AnalyticsTable.values()) {
        List<Map<String, Object>> batch =
            query(statement, BundleFiles.text("athena/queries/" + table.tableName() + ".sql"));
        List<Map<String, Object>> stream =
            streaming.getOrDefault(table, List.of()).stream().map(BatchCheck::parse).toList();
        tables.add(TableResult.compare(table.tableName(), batch, stream));
      }
      return new Result(tables);
    }
  }

  /** A view with the latest version of each row; an empty one when the topic has no objects yet. */
  static String view(String name, Path directory, Map<String, String> columns) {
    boolean hasObjects = !S3Objects.objectFiles(directory).isEmpty();
    String names =
        String.join(", ", columns.keySet().stream().map(column -> "\"" + column + "\"").toList());
    if (!hasObjects) {
      List<String> nulls = new ArrayList<>();
      columns.forEach(
          (column, type) -> nulls.add("CAST(NULL AS " + type + ") AS \"" + column + "\""));
      return "CREATE VIEW " + name + " AS SELECT " + String.join(", ", nulls) + " WHERE false";
    }
    StringBuilder struct = new StringBuilder("{");
    columns.forEach(
        (column, type) ->
            struct
                .append(struct.length() > 1 ? ", " : "")
                .append('\'')
                .append(column)
                .append("': '")
                .append(type)
                .append('\''));
    struct.append('}');
    String glob = directory.toAbsolutePath().toString().replace("'", "''") + "/**/*.json.gz";
    // Within a topic partition, object names sort by start offset and lines are in offset order:
    // the last path and line hold a row's latest version. (DuckDB keeps file order on a scan.)
    return "CREATE VIEW "
        + name
        + " AS SELECT "
        + names
        + " FROM ("
        + " SELECT *, row_number() OVER (PARTITION BY ind ORDER BY filename DESC, line DESC) AS version FROM ("
        + "  SELECT *, row_number() OVER () AS line FROM read_json('"
        + glob
        + "', format = 'newline_delimited',"
        + "   compression = 'gzip', columns = "
        + struct
        + ", filename = true))"
        + " WHERE ind IS NOT NULL) WHERE version = 1";
  }

  private static List<Map<String, Object>> query(Statement statement, String sql)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
          row.put(meta.getColumnLabel(column), normalise(result.getObject(column)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Map<String, Object> parse(String json) {
    try {
      Map<String, Object> row = new LinkedHashMap<>();
      JSON.readValue(json, new TypeReference<Map<String, Object>>() {})
          .forEach((key, value) -> row.put(key, normalise(value)));
      return row;
    } catch (IOException e) {
      throw new UncheckedIOException("a stats record is not JSON: " + json, e);
    }
  }

  /** Numbers compared by value, whatever their Java type on either side. */
  private static Object normalise(Object value) {
    if (value instanceof Number number) {
      BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
      return decimal.scale() <= 0
          ? (Object) decimal.longValueExact()
          : (Object) decimal.doubleValue();
    }
    return value;
  }

  private static Map<String, String> columns(String... namesAndTypes) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
    }
    return columns;
  }

  /** One table: how many rows each side has, and the rows only one side has. */
  public record TableResult(
      String table,
      int batchRows,
      int streamingRows,
      List<Map<String, Object>> onlyInBatch,
      List<Map<String, Object>> onlyInStreaming) {

    static TableResult compare(
        String table, List<Map<String, Object>> batch, List<Map<String, Object>> streaming) {
      List<Map<String, Object>> onlyInBatch =
          batch.stream().filter(row -> !streaming.contains(row)).toList();
      List<Map<String, Object>> onlyInStreaming =
          streaming.stream().filter(row -> !batch.contains(row)).toList();
      return new TableResult(table, batch.size(), streaming.size(), onlyInBatch, onlyInStreaming);
    }

    public boolean agrees() {
      return onlyInBatch.isEmpty() && onlyInStreaming.isEmpty() && batchRows == streamingRows;
    }

    /** One line: "agrees (12 rows)" or what differs, with an example. */
    public String describe() {
      if (agrees()) {
        return "agrees (" + batchRows + " rows)";
      }
      StringBuilder text =
          new StringBuilder(
              "DIFFERS: batch " + batchRows + " rows, streaming " + streamingRows + " rows");
      if (!onlyInBatch.isEmpty()) {
        text.append("; only in batch ")
            .append(onlyInBatch.size())
            .append(", e.g. ")
            .append(onlyInBatch.get(0));
      }
      if (!onlyInStreaming.isEmpty()) {
        text.append("; only in streaming ")
            .append(onlyInStreaming.size())
            .append(", e.g. ")
            .append(onlyInStreaming.get(0));
      }
      return text.toString();
    }
  }

  /** Every table's comparison. */
  public record Result(List<TableResult> tables) {
    public boolean agrees() {
      return tables.stream().allMatch(TableResult::agrees);
    }

    public TableResult table(String name) {
      return tables.stream()
          .filter(table -> Objects.equals(table.table(), name))
          .findFirst()
          .orElseThrow();
    }
  }
}
