package io.pinpipe.infra;

import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.deploy.DeployPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.kafkaconnect.CfnConnector;
import software.amazon.awscdk.services.kafkaconnect.CfnCustomPlugin;
import software.amazon.awscdk.services.kafkaconnect.CfnWorkerConfiguration;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * MSK Connect: the two custom plugins, the worker configuration, the connectors' execution role
 * with the least-privilege policy of {@code msk-connect/iam/}, and both connectors with the shipped
 * configs filled for this account, as {@code ./pinpipe deploy} would send them.
 */
public final class ConnectorsOnMskConnect {

  /** The source connector zip the build copies beside the stack (infra/target/assets). */
  static final String SOURCE_PLUGIN_ASSET = "infra/target/assets/pinpipe-mysql-source.zip";

  private final Map<String, String> sourceConfig;
  private final Map<String, String> sinkConfig;
  private final String workerProperties;

  ConnectorsOnMskConnect(
      Construct scope,
      InfraSettings settings,
      Path root,
      Map<String, String> values,
      KafkaCluster kafka,
      SecurityGroup clients,
      LogGroup logs) {
    String passwordSecret = settings.get("rds.password.secret.arn");
    workerProperties = worker(values, passwordSecret);
    sourceConfig = source(settings, values, passwordSecret);
    sinkConfig = BundleFiles.fill(BundleFiles.properties(BundleFiles.S3_SINK), values);

    CfnRole role =
        CfnRole.Builder.create(scope, "ConnectorExecutionRole")
            .roleName(settings.prefix() + "-msk-connect")
            .description("MSK Connect's service execution role for PinPipe's connectors")
            .assumeRolePolicyDocument(
                PinPipeStack.json(
                    BundleFiles.fill(BundleFiles.text(BundleFiles.EXECUTION_ROLE_TRUST), values)))
            .policies(policies(settings, values, passwordSecret))
            .build();

    CfnWorkerConfiguration worker =
        CfnWorkerConfiguration.Builder.create(scope, "WorkerConfiguration")
            .name(settings.prefix() + "-worker")
            .description("JSON values, exactly-once source support, topic creation")
            .propertiesFileContent(
                Base64.getEncoder()
                    .encodeToString(workerProperties.getBytes(StandardCharsets.UTF_8)))
            .build();

    Asset sourceZip =
        Asset.Builder.create(scope, "SourcePluginZip")
            .path(root.resolve(SOURCE_PLUGIN_ASSET).toString())
            .build();
    CfnCustomPlugin sourcePlugin =
        plugin(
            scope,
            "SourcePlugin",
            settings.prefix() + "-mysql-source",
            sourceZip.getBucket().getBucketArn(),
            sourceZip.getS3ObjectKey());
    CfnCustomPlugin sinkPlugin = sinkPlugin(scope, settings, root);

    connector(
        scope,
        "SourceConnector",
        settings.connectMaxWorkers("source"),
        sourceConfig,
        sourcePlugin,
        worker,
        role,
        settings,
        kafka,
        clients,
        logs);
    connector(
        scope,
        "S3SinkConnector",
        settings.connectMaxWorkers("sink"),
        sinkConfig,
        sinkPlugin,
        worker,
        role,
        settings,
        kafka,
        clients,
        logs);
  }

  /**
   * The shipped worker properties; with a password secret, Secrets Manager as a config provider
   * too.
   */
  private static String worker(Map<String, String> values, String passwordSecret) {
    String worker = BundleFiles.fill(BundleFiles.text(BundleFiles.WORKER), values);
    if (!passwordSecret.isBlank()) {
      // MSK's config provider for Secrets Manager (packaged with the plugin, see infra/README.md).
      worker +=
          "\n# Secrets Manager references in connector configs: ${secretsmanager:ARN:key}.\n"
              + "config.providers=secretsmanager\n"
              + "config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider\n"
              + "config.providers.secretsmanager.param.region="
              + values.get("aws.region")
              + "\n";
    }
    return worker;
  }

  private static Map<String, String> source(
      InfraSettings settings, Map<String, String> values, String passwordSecret) {
    Map<String, String> config =
        new LinkedHashMap<>(
            BundleFiles.fill(BundleFiles.properties(BundleFiles.SOURCE_CONNECTOR), values));
    config.put("topic.creation.default.partitions", settings.get("raw.topic.partitions"));
    if (!passwordSecret.isBlank()) {
      config.put("iam.auth.enabled", "false");
      config.put("connection.password", "${secretsmanager:" + passwordSecret + ":password}");
    }
    return config;
  }

  private static List<Object> policies(
      InfraSettings settings, Map<String, String> values, String passwordSecret) {
    List<Object> policies = new java.util.ArrayList<>();
    policies.add(
        policy(
            "pinpipe-msk-connect",
            PinPipeStack.json(
                BundleFiles.fill(BundleFiles.text(BundleFiles.EXECUTION_ROLE_POLICY), values))));
    if (!passwordSecret.isBlank()) {
      policies.add(
          policy(
              "pinpipe-database-password",
              Map.of(
                  "Version",
                  "2012-10-17",
                  "Statement",
                  List.of(
                      Map.of(
                          "Sid",
                          "ReadTheDatabasePassword",
                          "Effect",
                          "Allow",
                          "Action",
                          List.of("secretsmanager:GetSecretValue"),
                          "Resource",
                          passwordSecret)))));
    }
    return policies;
  }

  private static CfnCustomPlugin sinkPlugin(Construct scope, InfraSettings settings, Path root) {
    String zip = settings.get("confluent.s3.sink.zip");
    String name = settings.prefix() + "-confluent-s3-sink";
    if (zip.startsWith("s3://")) {
      String bucketAndKey = zip.substring("s3://".length());
      int slash = bucketAndKey.indexOf('/');
      return plugin(
          scope,
          "S3SinkPlugin",
          name,
          "arn:aws:s3:::" + bucketAndKey.substring(0, slash),
          bucketAndKey.substring(slash + 1));
    }
    Asset asset =
        Asset.Builder.create(scope, "S3SinkPluginZip").path(root.resolve(zip).toString()).build();
    return plugin(
        scope, "S3SinkPlugin", name, asset.getBucket().getBucketArn(), asset.getS3ObjectKey());
  }

  private static CfnCustomPlugin plugin(
      Construct scope, String id, String name, String bucketArn, String key) {
    return CfnCustomPlugin.Builder.create(scope, id)
        .name(name)
        .contentType("ZIP")
        .location(
            CfnCustomPlugin.CustomPluginLocationProperty.builder()
                .s3Location(
                    CfnCustomPlugin.S3LocationProperty.builder()
                        .bucketArn(bucketArn)
                        .fileKey(key)
                        .build())
                .build())
        .build();
  }

  private static void connector(
      Construct scope,
      String id,
      int maxWorkers,
      Map<String, String> properties,
      CfnCustomPlugin plugin,
      CfnWorkerConfiguration worker,
      CfnRole role,
      InfraSettings settings,
      KafkaCluster kafka,
      SecurityGroup clients,
      LogGroup logs) {
    Map<String, String> configuration = new LinkedHashMap<>(properties);
    String name = configuration.remove("name");
    CfnConnector.Builder.create(scope, id)
        .connectorName(name)
        .kafkaConnectVersion(DeployPlan.KAFKA_CONNECT_VERSION)
        .capacity(
            CfnConnector.CapacityProperty.builder()
                .autoScaling(
                    CfnConnector.AutoScalingProperty.builder()
                        .minWorkerCount(1)
                        .maxWorkerCount(maxWorkers)
                        .mcuCount(settings.connectMcuCount())
                        .scaleInPolicy(
                            CfnConnector.ScaleInPolicyProperty.builder()
                                .cpuUtilizationPercentage(20)
                                .build())
                        .scaleOutPolicy(
                            CfnConnector.ScaleOutPolicyProperty.builder()
                                .cpuUtilizationPercentage(80)
                                .build())
                        .build())
                .build())
        .connectorConfiguration(configuration)
        .kafkaCluster(
            CfnConnector.KafkaClusterProperty.builder()
                .apacheKafkaCluster(
                    CfnConnector.ApacheKafkaClusterProperty.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .vpc(
                            CfnConnector.VpcProperty.builder()
                                .securityGroups(List.of(clients.getSecurityGroupId()))
                                .subnets(settings.list("vpc.private.subnets"))
                                .build())
                        .build())
                .build())
        .kafkaClusterClientAuthentication(
            CfnConnector.KafkaClusterClientAuthenticationProperty.builder()
                .authenticationType("IAM")
                .build())
        .kafkaClusterEncryptionInTransit(
            CfnConnector.KafkaClusterEncryptionInTransitProperty.builder()
                .encryptionType("TLS")
                .build())
        .plugins(
            List.of(
                CfnConnector.PluginProperty.builder()
                    .customPlugin(
                        CfnConnector.CustomPluginProperty.builder()
                            .customPluginArn(plugin.getAttrCustomPluginArn())
                            .revision(plugin.getAttrRevision())
                            .build())
                    .build()))
        .serviceExecutionRoleArn(role.getAttrArn())
        .workerConfiguration(
            CfnConnector.WorkerConfigurationProperty.builder()
                .workerConfigurationArn(worker.getAttrWorkerConfigurationArn())
                .revision(worker.getAttrRevision())
                .build())
        .logDelivery(
            CfnConnector.LogDeliveryProperty.builder()
                .workerLogDelivery(
                    CfnConnector.WorkerLogDeliveryProperty.builder()
                        .cloudWatchLogs(
                            CfnConnector.CloudWatchLogsLogDeliveryProperty.builder()
                                .enabled(true)
                                .logGroup(logs.getLogGroupName())
                                .build())
                        .build())
                .build())
        .build();
  }

  private static CfnRole.PolicyProperty policy(String name, Object document) {
    return CfnRole.PolicyProperty.builder().policyName(name).policyDocument(document).build();
  }

  /** The source connector's configuration as deployed (name included). */
  public Map<String, String> sourceConfig() {
    return sourceConfig;
  }

  /** The S3 sink's configuration as deployed (name included). */
  public Map<String, String> sinkConfig() {
    return sinkConfig;
  }

  public String workerProperties() {
    return workerProperties;
  }
}
