package io.pinpipe.local.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pinpipe.local.batch.BatchCheck;
import io.pinpipe.local.pipeline.LocalPipeline;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.tally.TopicTally;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, for the user (printed) and for tools ({@code summary.json} in the data
 * directory): posts, records per topic, S3, dead letters, the batch check and the budgets.
 */
public final class RunSummary {

  /** Budgets of the local pipeline on a 2-core machine. */
  public static final double FIRST_OBJECT_BUDGET_SECONDS = 30;

  public static final long RESIDENT_MEMORY_BUDGET_BYTES = 1536L * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int ROWS_SHOWN = 5;

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Map<String, List<JsonNode>> tables = new LinkedHashMap<>();
  private final BatchCheck.Result batch;

  private RunSummary(BatchCheck.Result batch) {
    this.batch = batch;
  }

  /**
   * The dead letters of the Streams app's DLQ and of the S3 sink's, counted by topic: every record
   * there is one, a rejected deletion (null value) included.
   */
  static Map<String, Long> deadLetters(
      Map<String, TopicTally.Counts> counts, String dlq, String sinkDlq) {
    Map<String, Long> fields = new LinkedHashMap<>();
    fields.put("dlq_records", counts.getOrDefault(dlq, TopicTally.Counts.NONE).all());
    fields.put("s3_sink_dlq_records", counts.getOrDefault(sinkDlq, TopicTally.Counts.NONE).all());
    return fields;
  }

  /**
   * Reads the summary off a pipeline that has run; {@code batch} is null when the check could not
   * run.
   */
  public static RunSummary of(
      LocalPipeline pipeline, long postedThisRun, boolean settled, BatchCheck.Result batch) {
    RunSummary summary = new RunSummary(batch);
    Map<String, Object> fields = summary.fields;
    fields.put("posts_inserted", pipeline.postsInDatabaseCount());
    fields.put("posts_inserted_this_run", postedThisRun);
    fields.put("settled", settled);
    Map<String, Long> records = new LinkedHashMap<>();
    Map<String, Long> tombstones = new LinkedHashMap<>();
    pipeline
        .tally()
        .counts()
        .forEach(
            (topic, counts) -> {
              records.put(topic, counts.records());
              if (counts.tombstones() > 0) {
                tombstones.put(topic, counts.tombstones());
              }
            });
    fields.put("records_per_topic", records);
    fields.put("tombstones_per_topic", tombstones);
    Map<String, S3Objects.TopicObjects> inS3 = pipeline.s3Objects().byTopic();
    fields.put(
        "s3_objects", inS3.values().stream().mapToLong(S3Objects.TopicObjects::objects).sum());
    fields.put("s3_bytes", inS3.values().stream().mapToLong(S3Objects.TopicObjects::bytes).sum());
    Map<String, Long> s3Records = new LinkedHashMap<>();
    inS3.forEach((topic, objects) -> s3Records.put(topic, objects.records()));
    fields.put("s3_records_per_topic", s3Records);
    fields.putAll(
        deadLetters(
            pipeline.tally().counts(),
            pipeline.topics().dlq().name(),
            pipeline.sinkDeadLetterTopic()));
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("agrees", batch != null && batch.agrees());
    Map<String, String> perTable = new LinkedHashMap<>();
    if (batch != null) {
      batch.tables().forEach(table -> perTable.put(table.table(), table.describe()));
    }
    check.put("tables", perTable);
    fields.put("batch_check", check);
    double firstObject = pipeline.secondsToFirstObject();
    long peak = pipeline.peakResidentBytes();
    fields.put(
        "seconds_to_first_s3_object", firstObject < 0 ? null : Math.round(firstObject * 10) / 10.0);
    fields.put("peak_resident_memory_mb", peak < 0 ? null : Math.round(peak / 1_048_576.0));
    Map<String, Object> budgets = new LinkedHashMap<>();
    budgets.put("first_s3_object_seconds", FIRST_OBJECT_BUDGET_SECONDS);
    budgets.put(
        "first_s3_object_met", firstObject >= 0 && firstObject <= FIRST_OBJECT_BUDGET_SECONDS);
    budgets.put("resident_memory_mb", RESIDENT_MEMORY_BUDGET_BYTES / 1_048_576);
    budgets.put("resident_memory_met", peak >= 0 && peak <= RESIDENT_MEMORY_BUDGET_BYTES);
    fields.put("budgets", budgets);
    Map<String, Object> where = new LinkedHashMap<>();
    where.put("data_directory", pipeline.dataDirectory().toString());
    where.put("s3_objects", pipeline.s3Objects().topicDirectory("").toString());
    where.put("kafka", pipeline.bootstrapServers());
    where.put("connect", pipeline.connectUrl());
    where.put("s3_endpoint", pipeline.s3Url());
    where.put("database", pipeline.database().jdbcUrl());
    where.put("s3_sink", pipeline.sinkClass());
    fields.put("where", where);
    for (AnalyticsTable table : AnalyticsTable.values()) {
      List<JsonNode> rows = new ArrayList<>();
      pipeline
          .tally()
          .table(pipeline.topics().stats(table).name())
          .values()
          .forEach(value -> rows.add(parse(value)));
      summary.tables.put(table.tableName(), rows);
    }
    fields.put("analytics", summary.tables);
    return summary;
  }

  public boolean batchAgrees() {
    return batch != null && batch.agrees();
  }

  public Map<String, Object> fields() {
    return fields;
  }

  /** Writes {@code summary.json}. */
  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), fields);
  }

  /** The human summary: analytics tables (first rows), the batch check, budgets and addresses. */
  @SuppressWarnings("unchecked")
  public void print(PrintWriter out) {
    out.println();
    out.println("Summary");
    out.printf(
        "  posts in the database  %,d (%,d posted this run)%n",
        fields.get("posts_inserted"), fields.get("posts_inserted_this_run"));
    if (!(Boolean) fields.get("settled")) {
      out.println(
          "  (stopped before every record had gone through: counts below are what had arrived)");
    }
    out.println("  records per topic (read_committed):");
    ((Map<String, Long>) fields.get("records_per_topic"))
        .forEach((topic, count) -> out.printf("    %-52s %,10d%n", topic, count));
    out.printf(
        "  S3                     %,d objects, %,d bytes%n",
        fields.get("s3_objects"), fields.get("s3_bytes"));
    out.printf(
        "  dead letters           %,d in the DLQ, %,d in the S3 sink's DLQ%n",
        fields.get("dlq_records"), fields.get("s3_sink_dlq_records"));
    out.println();
    out.println("Analytics (streaming, first rows)");
    tables.forEach(
        (table, rows) -> {
          out.printf("  %s (%d rows)%n", table, rows.size());
          rows.stream().limit(ROWS_SHOWN).forEach(row -> out.println("    " + row));
        });
    out.println();
    out.println(
        "Batch check: the same questions as SQL over the S3 objects (DuckDB), against the streaming tables");
    if (batch == null) {
      out.println("  could not run (see the log)");
    } else {
      batch.tables().forEach(table -> out.printf("  %-46s %s%n", table.table(), table.describe()));
      out.println(
          batch.agrees()
              ? "  => batch and streaming agree"
              : (Boolean) fields.get("settled")
                  ? "  => batch and streaming DIFFER"
                  : "  => batch and streaming differ: records were still on their way when the pipeline stopped");
    }
    out.println();
    Map<String, Object> budgets = (Map<String, Object>) fields.get("budgets");
    out.printf(
        "Budgets  first S3 object after %s s (budget %.0f s: %s)   peak resident memory %s MB (budget %d MB: %s)%n",
        fields.get("seconds_to_first_s3_object"),
        FIRST_OBJECT_BUDGET_SECONDS,
        met(budgets.get("first_s3_object_met")),
        fields.get("peak_resident_memory_mb"),
        RESIDENT_MEMORY_BUDGET_BYTES / 1_048_576,
        met(budgets.get("resident_memory_met")));
    out.println();
    out.println("Where things are");
    ((Map<String, Object>) fields.get("where"))
        .forEach((name, value) -> out.printf("  %-16s %s%n", name, value));
    out.flush();
  }

  private static String met(Object met) {
    return Boolean.TRUE.equals(met) ? "met" : "NOT met";
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
