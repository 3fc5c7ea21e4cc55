package io.pinpipe.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every AWS call that deploys PinPipe's connectors to MSK Connect, in order, with the request
 * bodies generated from the shipped properties and policies: upload the two plugin zips, create the
 * execution role and its policy, register the custom plugins and the worker configuration, create
 * both connectors. A value only known after an earlier call (an ARN) is written as {@code
 * ${step:<id>.<field>}} and filled in when the plan runs.
 */
public final class DeployPlan {

  /** One AWS CLI call; {@code request} is its --cli-input-json body, if any. */
  public record Step(
      String id,
      String description,
      List<String> command,
      String requestFile,
      ObjectNode request) {}

  public static final String KAFKA_CONNECT_VERSION = "3.7.x";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Step> steps = new ArrayList<>();

  private DeployPlan() {}

  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /**
   * @param sourcePluginZip the connector zip built by connect-plugin
   */
  public static DeployPlan of(DeploySettings settings, String sourcePluginZip) {
    DeployPlan plan = new DeployPlan();
    Map<String, String> values = settings.placeholderValues();
    String bucket = settings.get("s3.bucket");
    String prefix = settings.get("s3.plugin.prefix");
    String sourceKey = prefix + fileName(sourcePluginZip);
    String sinkKey = prefix + fileName(settings.get("confluent.s3.sink.zip"));
    String roleName = settings.get("service.execution.role.arn").replaceFirst(".*:role/", "");

    plan.add(
        "upload-source-plugin",
        "Upload the source connector plugin zip",
        List.of("aws", "s3", "cp", sourcePluginZip, "s3://" + bucket + "/" + sourceKey),
        null,
        null);
    plan.add(
        "upload-s3-sink-plugin",
        "Upload the Confluent S3 sink plugin zip (from Confluent Hub)",
        List.of(
            "aws",
            "s3",
            "cp",
            settings.get("confluent.s3.sink.zip"),
            "s3://" + bucket + "/" + sinkKey),
        null,
        null);
    plan.add(
        "create-role",
        "Create the connectors' service execution role (trusted by MSK Connect)",
        List.of(
            "aws",
            "iam",
            "create-role",
            "--role-name",
            roleName,
            "--assume-role-policy-document",
            "file://connector-execution-role-trust.json"),
        null,
        null);
    plan.add(
        "put-role-policy",
        "Grant the role least privilege: cluster, pinpipe topics, groups, transactions, S3 prefix, rds-db:connect",
        List.of(
            "aws",
            "iam",
            "put-role-policy",
            "--role-name",
            roleName,
            "--policy-name",
            "pinpipe-msk-connect",
            "--policy-document",
            "file://connector-execution-role-policy.json"),
        null,
        null);
    plan.add(
        "custom-plugin-source",
        "Register the source connector as a custom plugin",
        List.of(
            "aws", "kafkaconnect", "create-custom-plugin", "--region", settings.get("aws.region")),
        "create-custom-plugin-source.json",
        customPlugin("pinpipe-mysql-source", bucket, sourceKey));
    plan.add(
        "custom-plugin-s3-sink",
        "Register the Confluent S3 sink as a custom plugin",
        List.of(
            "aws", "kafkaconnect", "create-custom-plugin", "--region", settings.get("aws.region")),
        "create-custom-plugin-s3-sink.json",
        customPlugin("confluent-s3-sink", bucket, sinkKey));
    ObjectNode worker = JSON.createObjectNode();
    worker.put("name", "pinpipe-worker");
    worker.put("description", "JSON values, exactly-once source support, topic creation");
    worker.put(
        "propertiesFileContent",
        Base64.getEncoder()
            .encodeToString(
                BundleFiles.fill(BundleFiles.text(BundleFiles.WORKER), values)
                    .getBytes(StandardCharsets.UTF_8)));
    plan.add(
        "worker-configuration",
        "Create the worker configuration",
        List.of(
            "aws",
            "kafkaconnect",
            "create-worker-configuration",
            "--region",
            settings.get("aws.region")),
        "create-worker-configuration.json",
        worker);
    plan.add(
        "connector-source",
        "Create the source connector",
        List.of("aws", "kafkaconnect", "create-connector", "--region", settings.get("aws.region")),
        "create-connector-source.json",
        connector(
            settings,
            BundleFiles.fill(BundleFiles.properties(BundleFiles.SOURCE_CONNECTOR), values),
            "custom-plugin-source"));
    plan.add(
        "connector-s3-sink",
        "Create the S3 sink connector",
        List.of("aws", "kafkaconnect", "create-connector", "--region", settings.get("aws.region")),
        "create-connector-s3-sink.json",
        connector(
            settings,
            BundleFiles.fill(BundleFiles.properties(BundleFiles.S3_SINK), values),
            "custom-plugin-s3-sink"));
    return plan;
  }

  /**
   * The documents that go with the plan, filled for these settings, by file name: the IAM documents
   * its calls refer to, and the Athena tables over the bucket the sink writes.
   */
  public static Map<String, String> documents(DeploySettings settings) {
    Map<String, String> documents = new LinkedHashMap<>();
    documents.put(
        "connector-execution-role-trust.json",
        BundleFiles.fill(
            BundleFiles.text(BundleFiles.EXECUTION_ROLE_TRUST), settings.placeholderValues()));
    documents.put(
        "connector-execution-role-policy.json",
        BundleFiles.fill(
            BundleFiles.text(BundleFiles.EXECUTION_ROLE_POLICY), settings.placeholderValues()));
    documents.put(
        "athena-tables.sql",
        BundleFiles.fill(
            BundleFiles.text(BundleFiles.ATHENA_TABLES), settings.placeholderValues()));
    return documents;
  }

  private void add(
      String id, String description, List<String> command, String requestFile, ObjectNode request) {
    List<String> full = new ArrayList<>(command);
    if (requestFile != null) {
      full.add("--cli-input-json");
      full.add("file://" + requestFile);
    }
    steps.add(new Step(id, description, List.copyOf(full), requestFile, request));
  }

  private static ObjectNode customPlugin(String name, String bucket, String key) {
    ObjectNode request = JSON.createObjectNode();
    request.put("name", name);
    request.put("contentType", "ZIP");
    ObjectNode s3 = request.putObject("location").putObject("s3Location");
    s3.put("bucketArn", "arn:aws:s3:::" + bucket);
    s3.put("fileKey", key);
    return request;
  }

  private static ObjectNode connector(
      DeploySettings settings, Map<String, String> properties, String pluginStep) {
    ObjectNode request = JSON.createObjectNode();
    request.put("connectorName", properties.get("name"));
    request.put("kafkaConnectVersion", KAFKA_CONNECT_VERSION);
    ObjectNode autoScaling = request.putObject("capacity").putObject("autoScaling");
    autoScaling.put("minWorkerCount", 1);
    autoScaling.put("maxWorkerCount", 2);
    autoScaling.put("mcuCount", 1);
    autoScaling.putObject("scaleInPolicy").put("cpuUtilizationPercentage", 20);
    autoScaling.putObject("scaleOutPolicy").put("cpuUtilizationPercentage", 80);
    ObjectNode configuration = request.putObject("connectorConfiguration");
    properties.forEach(
        (key, value) -> {
          if (!key.equals("name")) {
            configuration.put(key, value);
          }
        });
    ObjectNode cluster = request.putObject("kafkaCluster").putObject("apacheKafkaCluster");
    cluster.put("bootstrapServers", settings.get("msk.bootstrap.servers"));
    ObjectNode vpc = cluster.putObject("vpc");
    ArrayNode groups = vpc.putArray("securityGroups");
    for (String group : settings.get("vpc.security.groups").split(",")) {
      groups.add(group.strip());
    }
    ArrayNode subnets = vpc.putArray("subnets");
    for (String subnet : settings.get("vpc.subnets").split(",")) {
      subnets.add(subnet.strip());
    }
    request.putObject("kafkaClusterClientAuthentication").put("authenticationType", "IAM");
    request.putObject("kafkaClusterEncryptionInTransit").put("encryptionType", "TLS");
    ObjectNode plugin = request.putArray("plugins").addObject().putObject("customPlugin");
    plugin.put("customPluginArn", "${step:" + pluginStep + ".customPluginArn}");
    plugin.put("revision", 1);
    request.put("serviceExecutionRoleArn", settings.get("service.execution.role.arn"));
    ObjectNode worker = request.putObject("workerConfiguration");
    worker.put("workerConfigurationArn", "${step:worker-configuration.workerConfigurationArn}");
    worker.put("revision", 1);
    ObjectNode logs =
        request.putObject("logDelivery").putObject("workerLogDelivery").putObject("cloudWatchLogs");
    logs.put("enabled", true);
    logs.put("logGroup", settings.get("log.group"));
    return request;
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
