package io.pinpipe.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The whole AWS side of PinPipe in one stack, built from the files the repository ships, so that
 * what is deployed is what the tests check: the connector and worker configs and the execution
 * role's policy of {@code msk-connect/}, the Streams app's systemd unit and policy of {@code
 * streams-app/deploy/}, the REST Proxy's files and OpenAPI definition of {@code
 * rest-proxy-config/}.
 *
 * <ul>
 *   <li>{@link #bucket}: the data bucket the S3 sink writes (encrypted, no public access, TLS only,
 *       infrequent access after 30 days);
 *   <li>{@link KafkaCluster}: MSK with IAM auth, or an existing cluster by ARN;
 *   <li>{@link ConnectorsOnMskConnect}: both plugins, the worker configuration, the execution role
 *       and the source connector and Confluent S3 sink;
 *   <li>{@link StreamsAppFleet}: the Streams app on an Auto Scaling group;
 *   <li>{@link RestProxyApi}: the REST Proxy on EC2 behind a Network Load Balancer, a VPC link and
 *       API Gateway with an API key on every method.
 * </ul>
 */
public final class PinPipeStack extends Stack {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InfraSettings settings;
  private final Bucket bucket;
  private final KafkaCluster kafka;
  private final ConnectorsOnMskConnect connectors;

  public PinPipeStack(
      Construct scope, String id, StackProps props, InfraSettings settings, Path root) {
    super(scope, id, props);
    this.settings = settings;
    IVpc vpc =
        Vpc.fromVpcAttributes(
            this,
            "Vpc",
            VpcAttributes.builder()
                .vpcId(settings.get("vpc.id"))
                .availabilityZones(settings.list("vpc.availability.zones"))
                .privateSubnetIds(settings.list("vpc.private.subnets"))
                .build());
    // Every Kafka client of the stack (connectors, Streams app, REST Proxy) is in this group,
    // and only this group may reach the brokers' IAM listener.
    SecurityGroup clients =
        SecurityGroup.Builder.create(this, "KafkaClients")
            .vpc(vpc)
            .description("PinPipe's Kafka clients: MSK Connect, the Streams app, the REST Proxy")
            .allowAllOutbound(true)
            .build();

    bucket =
        Bucket.Builder.create(this, "Data")
            .bucketName(settings.prefix() + "-data-" + settings.get("aws.account"))
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("infrequent-access-after-30-days")
                        .transitions(
                            List.of(
                                Transition.builder()
                                    .storageClass(StorageClass.INFREQUENT_ACCESS)
                                    .transitionAfter(Duration.days(30))
                                    .build()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    kafka = KafkaCluster.of(this, settings, vpc, clients);
    LogGroup logs =
        LogGroup.Builder.create(this, "ConnectLogs")
            .logGroupName("/" + settings.prefix() + "/msk-connect")
            .retention(RetentionDays.ONE_MONTH)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    connectors =
        new ConnectorsOnMskConnect(this, settings, root, placeholders(), kafka, clients, logs);
    new StreamsAppFleet(this, settings, root, vpc, kafka, clients);
    new RestProxyApi(this, settings, root, vpc, kafka, clients);
  }

  /**
   * The values of the shipped files' {@code ${deploy:...}} placeholders, as {@code ./pinpipe
   * deploy} fills them, except that the cluster's ARNs may be tokens of a cluster this stack
   * creates: the ARN prefixes are cut from it with Fn::Split rather than a regular expression.
   */
  Map<String, String> placeholders() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("aws.region", settings.get("aws.region"));
    values.put("aws.account", settings.get("aws.account"));
    values.put("topic.prefix", settings.get("topic.prefix"));
    values.put("topic.prefix.regex", settings.get("topic.prefix").replace(".", "\\."));
    values.put("s3.bucket", bucket.getBucketName());
    values.put("rds.endpoint", settings.get("rds.endpoint"));
    values.put("rds.database", settings.get("rds.database"));
    values.put("rds.user", settings.get("rds.user"));
    values.put("rds.resource.id", settings.get("rds.resource.id"));
    values.put("msk.cluster.arn", kafka.arn());
    values.put("msk.topic.arn.prefix", kafka.arnPrefix("topic"));
    values.put("msk.group.arn.prefix", kafka.arnPrefix("group"));
    values.put("msk.transactional.id.arn.prefix", kafka.arnPrefix("transactional-id"));
    return values;
  }

  /** A shipped text file of the repository. */
  static String shipped(Path root, String path) {
    try {
      return java.nio.file.Files.readString(root.resolve(path));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot read "
              + root.resolve(path)
              + " (pinpipe.root is the repository's root): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A JSON document (a shipped policy or API definition, tokens in its strings) as the map CDK
   * properties take.
   */
  static Map<String, Object> json(String text) {
    try {
      return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + e.getMessage(), e);
    }
  }

  public ConnectorsOnMskConnect connectors() {
    return connectors;
  }
}
