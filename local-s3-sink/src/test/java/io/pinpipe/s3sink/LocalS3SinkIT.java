package io.pinpipe.s3sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.support.process.FreePorts;
import io.pinpipe.support.s3.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The sink task against a real S3 endpoint (s3proxy, filesystem backend), driven as Connect drives
 * it: put, then preCommit for the offsets it may commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalS3SinkIT {

  private static final String TOPIC = "pinterest.pin";
  private static final long HOUR_03 = Instant.parse("2020-08-28T03:00:00Z").toEpochMilli();
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  private S3ProxyServer s3proxy;
  private S3Client s3;
  private int buckets;

  @BeforeAll
  void startS3(@TempDir Path directory) throws Exception {
    s3proxy = startS3Proxy(directory);
    s3 = client(s3proxy);
  }

  @AfterAll
  void stopS3() throws Exception {
    s3.close();
    s3proxy.close();
  }

  /** s3proxy on a free port over {@code directory}, from the jar the build laid out. */
  private static S3ProxyServer startS3Proxy(Path directory) throws IOException {
    return S3ProxyServer.start(
        directory,
        Path.of(System.getProperty("pinpipe.s3proxy.jar", "target/s3proxy/s3proxy.jar")),
        FreePorts.next());
  }

  private static S3Client client(S3ProxyServer endpoint) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint.url()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
        .build();
  }

  /** The production sink config, placeholders filled for a local bucket, only the class changed. */
  private Map<String, String> productionConfig(String bucket) throws Exception {
    return productionConfig(bucket, s3proxy);
  }

  private Map<String, String> productionConfig(String bucket, S3ProxyServer endpoint)
      throws Exception {
    Properties file = new Properties();
    String text =
        Files.readString(Path.of("..", "msk-connect", "config", "s3-sink.properties"))
            .replace("${deploy:topic.prefix.regex}", "pinterest\\\\.")
            .replace("${deploy:topic.prefix}", "pinterest.")
            .replace("${deploy:s3.bucket}", bucket)
            .replace("${deploy:aws.region}", "us-east-1");
    file.load(new java.io.StringReader(text));
    Map<String, String> config = new HashMap<>();
    file.stringPropertyNames().forEach(key -> config.put(key, file.getProperty(key)));
    config.put("connector.class", LocalS3SinkConnector.class.getName());
    config.put("store.url", endpoint.url());
    config.put("aws.access.key.id", endpoint.accessKey());
    config.put("aws.secret.access.key", endpoint.secretKey());
    return config;
  }

  private String newBucket() {
    String bucket = "bucket" + (++buckets);
    s3.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  private LocalS3SinkTask task(Map<String, String> config) {
    return task(config, Time.SYSTEM);
  }

  private LocalS3SinkTask task(Map<String, String> config, Time time) {
    LocalS3SinkTask task = new LocalS3SinkTask(time);
    task.initialize(new Context(config));
    task.start(config);
    return task;
  }

  private static SinkRecord record(long offset, long timestamp, Object value) {
    return new SinkRecord(
        TOPIC,
        0,
        null,
        Long.toString(offset),
        null,
        value,
        offset,
        timestamp,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME);
  }

  private static List<SinkRecord> records(long from, long to, long timestamp) {
    List<SinkRecord> records = new ArrayList<>();
    for (long offset = from; offset < to; offset++) {
      records.add(
          record(
              offset,
              timestamp + offset * 1000,
              Map.of("index", offset, "title", "post \u2026 " + offset)));
    }
    return records;
  }

  private Map<String, List<String>> objects(String bucket) throws Exception {
    return objects(s3, bucket);
  }

  private static Map<String, List<String>> objects(S3Client s3, String bucket) throws Exception {
    Map<String, List<String>> objects = new TreeMap<>();
    for (S3Object object : s3.listObjectsV2(b -> b.bucket(bucket)).contents()) {
      ResponseBytes<GetObjectResponse> bytes =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()));
      try (GZIPInputStream in =
          new GZIPInputStream(new ByteArrayInputStream(bytes.asByteArray()))) {
        objects.put(
            object.key(), new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    return objects;
  }

  private static long committable(LocalS3SinkTask task) {
    Map<TopicPartition, OffsetAndMetadata> current =
        Map.of(PARTITION, new OffsetAndMetadata(Long.MAX_VALUE));
    return task.preCommit(current).get(PARTITION).offset();
  }

  @Test
  void writesGzipJsonLinesNamedByStartOffsetInHourlyUtcFoldersWithTheProductionConfig()
      throws Exception {
    Map<String, String> config = productionConfig(newBucket());
    config.put("flush.size", "3");
    LocalS3SinkTask task = task(config);

    task.put(records(0, 7, HOUR_03));

    String folder = "topics/pinterest.pin/year=2020/month=08/day=28/hour=03/";
    Map<String, List<String>> objects = objects(config.get("s3.bucket.name"));
    assertThat(objects)
        .containsOnlyKeys(
            folder + "pinterest.pin+0+0000000000.json.gz",
            folder + "pinterest.pin+0+0000000003.json.gz");
    assertThat(objects.get(folder + "pinterest.pin+0+0000000000.json.gz"))
        .hasSize(3)
        .first()
        .asString()
        .contains("\"index\":0")
        .contains("post \u2026 0");
    assertThat(committable(task)).as("offsets stop at the first record not in S3").isEqualTo(6);
    task.stop();
  }

  @Test
  void startsANewObjectWhenTheHourChanges() throws Exception {
    Map<String, String> config = productionConfig(newBucket());
    List<SinkRecord> records = new ArrayList<>(records(0, 2, HOUR_03));
    records.add(record(2, HOUR_03 + 3_600_000, Map.of("index", 2)));
    records.add(record(3, HOUR_03 + 3_601_000, Map.of("index", 3)));
    LocalS3SinkTask task = task(config);

    task.put(records);

    assertThat(objects(config.get("s3.bucket.name")))
        .containsOnlyKeys(
            "topics/pinterest.pin/year=2020/month=08/day=28/hour=03/pinterest.pin+0+0000000000.json.gz");
    assertThat(committable(task)).isEqualTo(2);
    task.stop();
  }

  @Test
  void aRestartBeforeTheOffsetCommitRewritesTheSameObjectsAndNothingElse() throws Exception {
    Map<String, String> config = productionConfig(newBucket());
    config.put("flush.size", "4");
    LocalS3SinkTask first = task(config);
    first.put(records(0, 10, HOUR_03));
    Map<String, List<String>> before = objects(config.get("s3.bucket.name"));
    // The worker dies before committing offsets: everything is redelivered to a new task.
    first.stop();

    LocalS3SinkTask second = task(config);
    second.put(records(0, 6, HOUR_03));
    second.put(records(6, 10, HOUR_03));

    assertThat(objects(config.get("s3.bucket.name"))).isEqualTo(before).hasSize(2);
    assertThat(committable(second)).isEqualTo(8);
    second.stop();
  }

  @Test
  void ignoresTombstonesAndStillCommitsPastThem() throws Exception {
    Map<String, String> config = productionConfig(newBucket());
    config.put("flush.size", "2");
    LocalS3SinkTask task = task(config);

    task.put(
        List.of(
            record(0, HOUR_03, Map.of("a", 1)),
            record(1, HOUR_03, null),
            record(2, HOUR_03, Map.of("a", 2)),
            record(3, HOUR_03, null)));

    Map<String, List<String>> objects = objects(config.get("s3.bucket.name"));
    assertThat(objects.values()).containsExactly(List.of("{\"a\":1}", "{\"a\":2}"));
    assertThat(committable(task)).isEqualTo(4);
    task.stop();
  }

  @Test
  void retriesAnUploadThroughAnS3OutageWithoutDuplicatingRecords(@TempDir Path directory)
      throws Exception {
    try (S3ProxyServer outage = startS3Proxy(directory)) {
      S3Client client = client(outage);
      client.createBucket(b -> b.bucket("outage"));
      Map<String, String> config = productionConfig("outage", outage);
      config.put("flush.size", "3");
      LocalS3SinkTask task = task(config);
      task.put(records(0, 2, HOUR_03));

      outage.stopProcess();
      List<SinkRecord> batch = records(2, 5, HOUR_03);
      assertThatThrownBy(() -> task.put(batch))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("Connect will retry");
      outage.startProcess();
      // Connect redelivers the same batch after a retriable failure.
      task.put(batch);

      List<String> keys =
          client.listObjectsV2(b -> b.bucket("outage")).contents().stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys)
          .containsExactly(
              "topics/pinterest.pin/year=2020/month=08/day=28/hour=03/pinterest.pin+0+0000000000.json.gz");
      assertThat(committable(task)).isEqualTo(3);
      task.stop();
      client.close();
    }
  }

  @Test
  void anObjectWhoseScheduledUploadFailedIsUploadedBeforeItTakesMoreRecords(@TempDir Path directory)
      throws Exception {
    try (S3ProxyServer outage = startS3Proxy(directory)) {
      S3Client client = client(outage);
      client.createBucket(b -> b.bucket("scheduled"));
      Map<String, String> config = productionConfig("scheduled", outage);
      // The local pipeline's wall-clock rotation.
      config.put("rotate.schedule.interval.ms", "5000");
      SettableTime time = new SettableTime();
      LocalS3SinkTask task = task(config, time);
      task.put(records(0, 2, HOUR_03));

      outage.stopProcess();
      time.now += 6_000;
      // The rotation due on schedule fails in preCommit; Connect then rewinds to the last
      // committed offset and delivers from there, with new records behind.
      assertThatThrownBy(() -> committable(task)).isInstanceOf(RetriableException.class);
      outage.startProcess();
      task.put(records(0, 4, HOUR_03));
      time.now += 6_000;
      task.put(List.of());

      Map<String, List<String>> objects = objects(client, "scheduled");
      assertThat(objects.keySet())
          .containsExactly(
              "topics/pinterest.pin/year=2020/month=08/day=28/hour=03/pinterest.pin+0+0000000000.json.gz",
              "topics/pinterest.pin/year=2020/month=08/day=28/hour=03/pinterest.pin+0+0000000002.json.gz");
      assertThat(objects.values()).extracting(List::size).containsExactly(2, 2);
      assertThat(committable(task)).isEqualTo(4);
      task.stop();
      client.close();
    }
  }

  /** A wall clock the test moves by hand, for the scheduled rotation. */
  private static final class SettableTime implements Time {
    long now = HOUR_03;

    @Override
    public long milliseconds() {
      return now;
    }

    @Override
    public long nanoseconds() {
      return now * 1_000_000;
    }

    @Override
    public void sleep(long ms) {
      now += ms;
    }

    @Override
    public void waitObject(
        Object obj, java.util.function.Supplier<Boolean> condition, long deadlineMs) {
      throw new UnsupportedOperationException("the sink task does not wait");
    }
  }

  @Test
  void acceptsEveryKeyOfConfluentsSinkAndRejectsAnyOtherByName() throws Exception {
    Map<String, String> config = productionConfig("any");
    assertThat(S3SinkConfig.unknownKeys(config)).isEmpty();
    new S3SinkConfig(config);

    // Keys of the real connector that the local sink does not implement start all the same.
    config.put("s3.sse.customer.key", "x");
    config.put("schema.compatibility", "NONE");
    config.put("s3.credentials.provider.sts.role.arn", "arn:aws:iam::123456789012:role/x");
    new S3SinkConfig(config);
    assertThat(new LocalS3SinkConnector().validate(config).configValues())
        .allSatisfy(value -> assertThat(value.errorMessages()).isEmpty());

    config.put("s3.bukket.name", "typo");
    config.put("flush.sise", "1");
    assertThatThrownBy(() -> new S3SinkConfig(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flush.sise")
        .hasMessageContaining("unknown keys: [flush.sise, s3.bukket.name]");
    assertThat(new LocalS3SinkConnector().validate(config).configValues())
        .anySatisfy(
            value ->
                assertThat(value.errorMessages())
                    .anySatisfy(m -> assertThat(m).contains("s3.bukket.name")));
  }

  @Test
  void aSkippedTombstoneGoesToTheDeadLetterTopicUnlessReportNullValuesToDlqIsFalse()
      throws Exception {
    for (boolean report : List.of(true, false)) {
      Map<String, String> config = productionConfig(newBucket());
      config.put("report.null.values.to.dlq", Boolean.toString(report));
      List<SinkRecord> deadLetters = new ArrayList<>();
      LocalS3SinkTask task = new LocalS3SinkTask(Time.SYSTEM);
      task.initialize(new Context(config, deadLetters));
      task.start(config);

      task.put(List.of(record(0, HOUR_03, Map.of("a", 1)), record(1, HOUR_03, null)));

      assertThat(deadLetters)
          .as("report.null.values.to.dlq=" + report)
          .extracting(SinkRecord::kafkaOffset)
          .containsExactlyElementsOf(report ? List.of(1L) : List.of());
      task.stop();
    }
  }

  /** What a Connect worker gives a sink task, for a task driven by the test. */
  private record Context(Map<String, String> configs, List<SinkRecord> deadLetters)
      implements SinkTaskContext {

    Context(Map<String, String> configs) {
      this(configs, null);
    }

    public void offset(Map<TopicPartition, Long> offsets) {}

    public void offset(TopicPartition tp, long offset) {}

    public void timeout(long timeoutMs) {}

    public Set<TopicPartition> assignment() {
      return Set.of(PARTITION);
    }

    public void pause(TopicPartition... partitions) {}

    public void resume(TopicPartition... partitions) {}

    public void requestCommit() {}

    /** None, as on a worker without a dead-letter topic, unless the test collects dead letters. */
    public ErrantRecordReporter errantRecordReporter() {
      return deadLetters == null
          ? null
          : (record, error) -> {
            deadLetters.add(record);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
          };
    }
  }
}
