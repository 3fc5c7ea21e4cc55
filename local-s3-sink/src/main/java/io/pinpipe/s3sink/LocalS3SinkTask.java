package io.pinpipe.s3sink;

import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes each topic partition's records into objects of up to {@code flush.size} records. An object
 * is named after the offset of its first record and uploaded whole; offsets are committed only up
 * to the first record not yet uploaded. A redelivery after a crash therefore starts an object at
 * the same offset with the same records and writes the same name: S3 holds no duplicate and no
 * differently named object. Records already taken are skipped when Connect redelivers a batch after
 * a failed upload.
 */
public final class LocalS3SinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(LocalS3SinkTask.class);

  private final Time time;
  private S3SinkConfig config;
  private ObjectPaths paths;
  private S3Client s3;
  private String bucket;
  private JsonConverter json;
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

  /** What is known of one assigned topic partition. */
  private static final class PartitionState {
    long nextOffset = -1;
    OpenObject open;
  }

  public LocalS3SinkTask() {
    this(Time.SYSTEM);
  }

  LocalS3SinkTask(Time time) {
    this.time = time;
  }

  @Override
  public String version() {
    return LocalS3SinkConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    config = new S3SinkConfig(props);
    paths = new ObjectPaths(config);
    bucket = config.getString("s3.bucket.name");
    json = new JsonConverter();
    json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(config.getString("s3.region")))
            .forcePathStyle(config.getBoolean("s3.path.style.access.enabled"));
    if (!config.getString("store.url").isBlank()) {
      builder.endpointOverride(URI.create(config.getString("store.url")));
    }
    if (!config.getString("aws.access.key.id").isBlank()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  config.getString("aws.access.key.id"),
                  config.secretKey() == null ? "" : config.secretKey().value())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.create());
    }
    s3 = builder.build();
    LOG.info(
        "writing to s3://{}/{} ({})",
        bucket,
        config.getString("topics.dir"),
        config.getString("store.url").isBlank() ? "AWS" : config.getString("store.url"));
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    for (Map.Entry<TopicPartition, PartitionState> entry : partitions.entrySet()) {
      OpenObject open = entry.getValue().open;
      if (open != null && (open.isFinished() || open.records() >= config.getInt("flush.size"))) {
        // An object whose upload failed before (on rotation, on schedule, or when full) takes no
        // more records: upload it again before taking any.
        upload(entry.getKey(), entry.getValue());
      }
    }
    for (SinkRecord record : records) {
      TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
      PartitionState state = partitions.computeIfAbsent(tp, p -> new PartitionState());
      if (state.nextOffset >= 0 && record.kafkaOffset() < state.nextOffset) {
        continue;
      }
      if (record.value() == null) {
        if (!"ignore".equals(config.getString("behavior.on.null.values"))) {
          throw new DataException(
              "null value at "
                  + tp
                  + " offset "
                  + record.kafkaOffset()
                  + " (behavior.on.null.values=fail)");
        }
        // As Confluent's sink since 10.6: a skipped tombstone also goes to the dead-letter topic
        // unless report.null.values.to.dlq=false (PinPipe's config sets false: its stats tables
        // write tombstones by design).
        ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter != null && config.getBoolean("report.null.values.to.dlq")) {
          reporter.report(
              record, new DataException("null value skipped (behavior.on.null.values=ignore)"));
        }
        state.nextOffset = record.kafkaOffset() + 1;
        continue;
      }
      long timestamp = timestampOf(record);
      String encoded = paths.encodedPartition(record.kafkaPartition(), timestamp);
      if (state.open != null && mustRotate(state.open, encoded, timestamp)) {
        upload(tp, state);
      }
      if (state.open == null) {
        state.open =
            new OpenObject(
                encoded,
                record.kafkaOffset(),
                timestamp,
                time.milliseconds(),
                "gzip".equals(config.getString("s3.compression.type")));
      }
      state.open.append(json.fromConnectData(record.topic(), record.valueSchema(), record.value()));
      state.nextOffset = record.kafkaOffset() + 1;
      if (state.open.records() >= config.getInt("flush.size")) {
        upload(tp, state);
      }
    }
    rotateOnSchedule();
  }

  private boolean mustRotate(OpenObject open, String encoded, long timestamp) {
    long interval = config.getLong("rotate.interval.ms");
    return !open.encodedPartition.equals(encoded)
        || open.records() >= config.getInt("flush.size")
        || (interval > 0 && timestamp - open.firstTimestampMs >= interval);
  }

  private void rotateOnSchedule() {
    long interval = config.getLong("rotate.schedule.interval.ms");
    if (interval <= 0) {
      return;
    }
    for (Map.Entry<TopicPartition, PartitionState> entry : partitions.entrySet()) {
      OpenObject open = entry.getValue().open;
      if (open != null && time.milliseconds() - open.openedAtWallClockMs >= interval) {
        upload(entry.getKey(), entry.getValue());
      }
    }
  }

  private long timestampOf(SinkRecord record) {
    if ("Wallclock".equals(config.getString("timestamp.extractor"))) {
      return time.milliseconds();
    }
    if (record.timestamp() == null) {
      throw new DataException(
          "record at "
              + record.topic()
              + "-"
              + record.kafkaPartition()
              + " offset "
              + record.kafkaOffset()
              + " has no timestamp (timestamp.extractor=Record)");
    }
    return record.timestamp();
  }

  private void upload(TopicPartition tp, PartitionState state) {
    OpenObject open = state.open;
    String key =
        paths.objectKey(tp.topic(), open.encodedPartition, tp.partition(), open.startOffset);
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(key).build(),
          RequestBody.fromBytes(open.finish()));
    } catch (SdkException | java.io.UncheckedIOException e) {
      // The SDK's URLConnection client reports a dropped connection as UncheckedIOException.
      throw new RetriableException(
          "upload of s3://" + bucket + "/" + key + " failed; Connect will retry: " + e.getMessage(),
          e);
    }
    LOG.debug("uploaded s3://{}/{} ({} records)", bucket, key, open.records());
    state.open = null;
  }

  /** Offsets are committed only up to the first record not yet in S3. */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    rotateOnSchedule();
    Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
    for (TopicPartition tp : currentOffsets.keySet()) {
      PartitionState state = partitions.get(tp);
      if (state == null || state.nextOffset < 0) {
        continue;
      }
      safe.put(
          tp,
          new OffsetAndMetadata(state.open != null ? state.open.startOffset : state.nextOffset));
    }
    return safe;
  }

  /**
   * Partitions taken away: what was not uploaded is dropped and will be redelivered to their new
   * owner.
   */
  @Override
  public void close(Collection<TopicPartition> closed) {
    closed.forEach(partitions::remove);
  }

  @Override
  public void stop() {
    partitions.clear();
    if (s3 != null) {
      s3.close();
    }
  }
}
