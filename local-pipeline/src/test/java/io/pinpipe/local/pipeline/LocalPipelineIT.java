package io.pinpipe.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.local.batch.BatchCheck;
import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.testing.DatabaseAnswers;
import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.support.kafka.TopicReader;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local pipeline, run as {@code pinpipe run --exit} runs it, for the real sample plus
 * synthetic posts plus posts made while it runs; then every promise checked against the database:
 * each post once in its raw topics and once in {@code posts}, S3 holding every record, every
 * analytics table equal to the answer computed from the database's rows (by the production topology
 * in a dry run), the SQL batch check agreeing, no dead letters. The source connector here is the
 * MSK Connect plugin zip on the newest Connect runtime.
 */
class LocalPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SYNTHETIC = 1_500;
  private static final int POSTED = 150;

  @Test
  void everyPostGoesThroughOnceAndEveryAnswerAgreesWithTheDatabase(
      @TempDir Path data, @TempDir Path work) throws Exception {
    LocalPipelineOptions options =
        new LocalPipelineOptions(
            data,
            false,
            Optional.empty(),
            "verify-full",
            LocalPipelineOptions.Ports.ANY_FREE,
            0,
            POSTED,
            SYNTHETIC,
            true);
    try (LocalPipeline pipeline =
        new LocalPipeline(options, new PrintWriter(Writer.nullWriter()))) {
      pipeline.start();
      pipeline.runEmulator();
      Settlement.Settled settled = pipeline.settled();
      assertThat(settled.done()).as("settled, else waiting for %s", settled.waitingFor()).isTrue();

      List<PinRow> pins;
      try (Connection connection = pipeline.database().open()) {
        pins = PostReader.readAll(connection, SourceTable.PIN);
      }
      assertThat(pins).hasSize(SampleData.posts().size() + SYNTHETIC + POSTED);
      List<String> postNumbers =
          pins.stream().map(pin -> Integer.toString(pin.index())).sorted().toList();

      String bootstrap = pipeline.bootstrapServers();
      for (SourcePart part : SourcePart.values()) {
        String topic = pipeline.topics().raw(part).name();
        assertThat(sortedKeys(TopicReader.readAll(bootstrap, topic)))
            .as("keys of %s, each once", topic)
            .isEqualTo(postNumbers);
      }
      assertThat(sortedKeys(TopicReader.readAll(bootstrap, pipeline.topics().posts().name())))
          .as("posts, each once")
          .isEqualTo(postNumbers);

      // S3 holds every record of every topic, each once: rows by their key field, stats by value.
      for (SourcePart part : SourcePart.values()) {
        String topic = pipeline.topics().raw(part).name();
        String keyField = part == SourcePart.PIN ? "index" : "ind";
        assertThat(sortedValues(s3Lines(pipeline, topic), keyField))
            .as("%s in S3, each once", topic)
            .isEqualTo(postNumbers);
        String clean = pipeline.topics().cleanName(part);
        assertThat(sortedValues(s3Lines(pipeline, clean), "ind"))
            .as("%s in S3, each once", clean)
            .isEqualTo(postNumbers);
      }
      assertThat(sortedValues(s3Lines(pipeline, pipeline.topics().posts().name()), "ind"))
          .as("posts in S3")
          .isEqualTo(postNumbers);
      for (AnalyticsTable table : AnalyticsTable.values()) {
        String topic = pipeline.topics().stats(table).name();
        List<String> inKafka =
            TopicReader.readAll(bootstrap, topic).stream()
                .map(ConsumerRecord::value)
                .filter(Objects::nonNull)
                .map(LocalPipelineIT::compact)
                .sorted()
                .toList();
        assertThat(
                s3Lines(pipeline, topic).stream().map(LocalPipelineIT::compact).sorted().toList())
            .as("%s in S3", topic)
            .isEqualTo(inKafka);
      }

      // Every analytics table equals the database's own answer, computed by SQL over its rows.
      Map<AnalyticsTable, Set<JsonNode>> expected = DatabaseAnswers.compute(pipeline.database());
      for (AnalyticsTable table : AnalyticsTable.values()) {
        Set<JsonNode> streaming =
            DatabaseAnswers.asJson(
                pipeline.tally().table(pipeline.topics().stats(table).name()).values());
        assertThat(streaming)
            .as("stats.%s", table.tableName())
            .isNotEmpty()
            .isEqualTo(expected.get(table));
      }

      BatchCheck.Result batch = pipeline.batchCheck();
      assertThat(batch.tables())
          .hasSize(AnalyticsTable.values().length)
          .allSatisfy(
              table ->
                  assertThat(table.agrees()).as(table.table() + ": " + table.describe()).isTrue());
      assertThat(pipeline.tally().counts(pipeline.topics().dlq().name()).records())
          .as("DLQ")
          .isZero();
      assertThat(pipeline.tally().counts(pipeline.sinkDeadLetterTopic()).records())
          .as("S3 sink DLQ")
          .isZero();
      assertThat(pipeline.secondsToFirstObject()).as("a first S3 object was seen").isPositive();
    }
  }

  private static List<String> sortedKeys(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::key).sorted().toList();
  }

  private static List<String> sortedValues(List<String> lines, String field) throws Exception {
    List<String> values = new ArrayList<>();
    for (String line : lines) {
      values.add(JSON.readTree(line).get(field).asText());
    }
    return values.stream().sorted().toList();
  }

  /** Every line of every object the sink wrote for a topic. */
  private static List<String> s3Lines(LocalPipeline pipeline, String topic) throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path file : S3Objects.objectFiles(pipeline.s3Objects().topicDirectory(topic))) {
      try (BufferedReader reader = S3Objects.openLines(file)) {
        reader.lines().forEach(lines::add);
      }
    }
    return lines;
  }

  /**
   * The same JSON value whatever its spacing and field order: the sink re-serialises what the app
   * wrote, through Connect's schemaless maps, which keep no order.
   */
  private static String compact(String json) {
    try {
      return JSON.writeValueAsString(JSON.readValue(json, java.util.TreeMap.class));
    } catch (Exception e) {
      throw new IllegalStateException(json, e);
    }
  }
}
