package io.pinpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.connect.config.MySqlSourceConfig;
import io.pinpipe.streams.topology.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every shipped config read by the component that uses it, and the names they share checked against
 * each other: source topics, the Streams app's topics, the S3 sink's regex and the IAM policy all
 * under one prefix. The REST Proxy's files are checked by {@link RestProxyConfigTest}.
 */
class BundleConsistencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DeploySettings SETTINGS = DeploySettings.example();
  private static final Map<String, String> VALUES = SETTINGS.placeholderValues();
  private static final String PREFIX = SETTINGS.get("topic.prefix");

  /** Keys every connector may carry that the worker, not the connector, interprets. */
  private static final Set<String> FRAMEWORK_KEYS =
      Set.of(
          "name",
          "connector.class",
          "tasks.max",
          "key.converter",
          "value.converter",
          "value.converter.schemas.enable",
          "exactly.once.support",
          "transaction.boundary",
          "topics",
          "topics.regex",
          "errors.tolerance",
          "errors.deadletterqueue.topic.name",
          "errors.deadletterqueue.topic.replication.factor",
          "errors.deadletterqueue.context.headers.enable",
          "errors.log.enable");

  private static Map<String, String> source() {
    return BundleFiles.fill(BundleFiles.properties(BundleFiles.SOURCE_CONNECTOR), VALUES);
  }

  private static Map<String, String> sink() {
    return BundleFiles.fill(BundleFiles.properties(BundleFiles.S3_SINK), VALUES);
  }

  @Test
  void theSourceConnectorConfigIsValidAndEveryKeyIsKnownToTheConnector() {
    Map<String, String> props = new HashMap<>(source());
    List<String> unknown = new ArrayList<>();
    for (String key : props.keySet()) {
      boolean known =
          MySqlSourceConfig.CONFIG_DEF.names().contains(key)
              || FRAMEWORK_KEYS.contains(key)
              || key.startsWith("topic.creation.")
              || key.startsWith("table.")
              // Per-connector client settings, which Connect itself reads (override policy All).
              || key.startsWith("producer.override.");
      if (!known) {
        unknown.add(key);
      }
    }
    assertThat(unknown).isEmpty();
    MySqlSourceConfig config = new MySqlSourceConfig(props);
    assertThat(config.iamAuth()).isTrue();
    assertThat(config.sslMode()).isEqualTo("verify-full");
  }

  @Test
  void sourceTopicsAreTheStreamsAppsRawTopics() {
    MySqlSourceConfig config = new MySqlSourceConfig(source());
    assertThat(config.tables())
        .extracting(table -> table.topic())
        .containsExactlyInAnyOrderElementsOf(new Topics(PREFIX).rawNames());
  }

  @Test
  void theS3SinkRegexMatchesEveryPinPipeTopicAndNotItsOwnDeadLetterTopic() {
    Pattern regex = Pattern.compile(sink().get("topics.regex"));
    Topics topics = new Topics(PREFIX);
    List<String> all = new ArrayList<>(topics.rawNames());
    all.addAll(topics.streamOutputNames());
    all.addAll(topics.statsNames());
    assertThat(all)
        .hasSize(17)
        .allSatisfy(topic -> assertThat(regex.matcher(topic).matches()).as(topic).isTrue());
    assertThat(regex.matcher(sink().get("errors.deadletterqueue.topic.name")).matches()).isFalse();
    assertThat(regex.matcher("pinterestXpin").matches()).as("dots are escaped").isFalse();
    assertThat(regex.matcher("other.pin").matches()).isFalse();
  }

  @Test
  void theS3SinkConfigIsProductionGrade() {
    Map<String, String> sink = sink();
    assertThat(Integer.parseInt(sink.get("flush.size"))).isGreaterThanOrEqualTo(1000);
    assertThat(sink)
        .containsEntry("s3.compression.type", "gzip")
        .containsEntry("timezone", "UTC")
        .containsEntry("timestamp.extractor", "Record")
        .containsEntry("behavior.on.null.values", "ignore")
        .containsEntry("errors.tolerance", "all")
        .containsEntry("value.converter.schemas.enable", "false")
        .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
        .containsEntry("partition.duration.ms", "3600000")
        .containsKey("rotate.interval.ms");
    assertThat(Long.parseLong(sink.get("s3.part.size"))).isGreaterThanOrEqualTo(5 * 1024 * 1024);
    // Every key has a comment saying why: each run of key lines starts right under a comment.
    List<String> lines = BundleFiles.text(BundleFiles.S3_SINK).lines().toList();
    List<String> uncommented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank() || lines.get(i).startsWith("#")) {
        continue;
      }
      int above = i - 1;
      while (above >= 0 && !lines.get(above).isBlank() && !lines.get(above).startsWith("#")) {
        above--;
      }
      if (above < 0 || !lines.get(above).startsWith("#")) {
        uncommented.add(lines.get(i));
      }
    }
    assertThat(uncommented).isEmpty();
  }

  @Test
  void theWorkerConfigurationOverridesMsksStringValueConverter() {
    Map<String, String> worker = BundleFiles.parseProperties(BundleFiles.text(BundleFiles.WORKER));
    assertThat(worker)
        .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
        .containsEntry("exactly.once.source.support", "enabled");
  }

  @Test
  void theIamPolicyCoversEveryTopicUnderThePrefixAndNothingBroader() throws Exception {
    JsonNode policy =
        JSON.readTree(DeployPlan.documents(SETTINGS).get("connector-execution-role-policy.json"));
    Map<String, JsonNode> statements = new HashMap<>();
    policy
        .get("Statement")
        .forEach(statement -> statements.put(statement.get("Sid").asText(), statement));
    String topicResource = statements.get("PinPipeTopics").get("Resource").asText();
    assertThat(topicResource)
        .endsWith("/" + PREFIX + "*")
        .startsWith("arn:aws:kafka:eu-west-1:123456789012:topic/pinterest-msk/");
    assertThat(statements.get("ExactlyOnceSourceTransactions").get("Action").toString())
        .contains("kafka-cluster:AlterTransactionalId");
    assertThat(statements.get("WriteTopicObjects").get("Resource").asText()).endsWith("/topics/*");
    assertThat(statements.get("RdsIamAuthentication").get("Resource").asText())
        .isEqualTo(
            "arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/pinpipe");
    assertThat(policy.toString()).doesNotContain("\"*\"").doesNotContain("${deploy:");
  }

  @Test
  void theAwsRequestsAreValidJsonWithTheRequiredFields() throws Exception {
    DeployPlan plan = DeployPlan.of(SETTINGS, "/tmp/pinpipe-mysql-source.zip");
    assertThat(plan.steps())
        .extracting(DeployPlan.Step::id)
        .containsExactly(
            "upload-source-plugin",
            "upload-s3-sink-plugin",
            "create-role",
            "put-role-policy",
            "custom-plugin-source",
            "custom-plugin-s3-sink",
            "worker-configuration",
            "connector-source",
            "connector-s3-sink");
    for (DeployPlan.Step step : plan.steps()) {
      if (step.request() == null) {
        continue;
      }
      JsonNode request = JSON.readTree(JSON.writeValueAsString(step.request()));
      assertThat(request.toString()).doesNotContain("${deploy:");
      switch (step.command().get(2)) {
        case "create-custom-plugin" ->
            assertThat(request.fieldNames())
                .toIterable()
                .contains("name", "contentType", "location");
        case "create-worker-configuration" ->
            assertThat(request.fieldNames()).toIterable().contains("name", "propertiesFileContent");
        case "create-connector" -> {
          assertThat(request.fieldNames())
              .toIterable()
              .contains(
                  "connectorName",
                  "kafkaConnectVersion",
                  "capacity",
                  "connectorConfiguration",
                  "kafkaCluster",
                  "kafkaClusterClientAuthentication",
                  "kafkaClusterEncryptionInTransit",
                  "plugins",
                  "serviceExecutionRoleArn",
                  "workerConfiguration",
                  "logDelivery");
          assertThat(request.at("/kafkaClusterClientAuthentication/authenticationType").asText())
              .isEqualTo("IAM");
          assertThat(request.at("/kafkaCluster/apacheKafkaCluster/vpc/subnets")).hasSize(2);
        }
        default -> throw new AssertionError("unexpected request " + step.command());
      }
    }
  }

  @Test
  void noShippedFileHoldsASecretAndAMissingSettingIsNamed() {
    for (String file :
        List.of(
            BundleFiles.SOURCE_CONNECTOR,
            BundleFiles.S3_SINK,
            BundleFiles.WORKER,
            BundleFiles.DEPLOY_SETTINGS)) {
      assertThat(BundleFiles.text(file).lines().filter(line -> !line.startsWith("#")))
          .as(file)
          .noneMatch(line -> line.matches("(?i).*(password|secret|access.key)[^=]*=.+"));
    }
    Map<String, String> incomplete = new HashMap<>(SETTINGS.values());
    incomplete.remove("s3.bucket");
    assertThatThrownBy(() -> new DeploySettings(incomplete))
        .hasMessage("deploy setting s3.bucket is missing");
    assertThatThrownBy(() -> BundleFiles.fill("x=${deploy:nope}", Map.of()))
        .hasMessageContaining("${deploy:nope}");
  }

  @Test
  void theAthenaTablesReadWhereTheSinkWritesAndEveryAnalyticsTableHasItsQuery() {
    String tables = DeployPlan.documents(SETTINGS).get("athena-tables.sql");
    assertThat(BundleFiles.placeholders(tables)).isEmpty();
    String root = "s3://" + sink().get("s3.bucket.name") + "/" + sink().get("topics.dir") + "/";
    io.pinpipe.streams.topology.Topics topics = new io.pinpipe.streams.topology.Topics(PREFIX);
    for (io.pinpipe.streams.topology.SourcePart part :
        io.pinpipe.streams.topology.SourcePart.values()) {
      String topic = topics.cleanName(part);
      assertThat(
              java.util.regex.Pattern.compile(sink().get("topics.regex")).matcher(topic).matches())
          .as(topic)
          .isTrue();
      assertThat(tables).contains("LOCATION '" + root + topic + "/'");
    }
    // The hour folders of the sink's path.format, as the projection's template spells them.
    assertThat(sink().get("path.format")).isEqualTo("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
    assertThat(tables).contains("/year=${year}/month=${month}/day=${day}/hour=${hour}/");
    for (io.pinpipe.streams.stats.AnalyticsTable table :
        io.pinpipe.streams.stats.AnalyticsTable.values()) {
      assertThat(BundleFiles.text("athena/queries/" + table.tableName() + ".sql"))
          .as(table.tableName())
          .contains("SELECT");
    }
  }
}
