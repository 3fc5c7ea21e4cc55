package io.pinpipe.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.constructs.Construct;

/**
 * The MSK cluster the pipeline runs on: a new one with IAM authentication only, TLS everywhere and
 * one broker per availability zone (twice), or an existing one named by ARN. Its IAM bootstrap
 * brokers, which CloudFormation does not return for a cluster, come from an SDK call at deploy.
 */
final class KafkaCluster {

  /** Kafka on MSK: the newest 3.7 line, as MSK Connect's workers. */
  static final String KAFKA_VERSION = "3.7.x";

  /** The brokers' IAM listener. */
  static final int IAM_PORT = 9098;

  private final String arn;
  private final String bootstrapServers;
  private final String region;
  private final String account;

  private KafkaCluster(String arn, String bootstrapServers, String region, String account) {
    this.arn = arn;
    this.bootstrapServers = bootstrapServers;
    this.region = region;
    this.account = account;
  }

  static KafkaCluster of(Construct scope, InfraSettings settings, IVpc vpc, SecurityGroup clients) {
    if (settings.existingCluster()) {
      return new KafkaCluster(
          settings.get("msk.cluster.arn"),
          settings.get("msk.bootstrap.servers"),
          settings.get("aws.region"),
          settings.get("aws.account"));
    }
    SecurityGroup brokers =
        SecurityGroup.Builder.create(scope, "KafkaBrokers")
            .vpc(vpc)
            .description("MSK brokers: the IAM listener, from PinPipe's Kafka clients only")
            .allowAllOutbound(false)
            .build();
    brokers.addIngressRule(
        Peer.securityGroupId(clients.getSecurityGroupId()),
        Port.tcp(IAM_PORT),
        "Kafka clients to the brokers' IAM listener");
    // Brokers replicate among themselves on the same listener ports.
    brokers.addIngressRule(brokers, Port.allTcp(), "broker to broker");
    brokers.addEgressRule(brokers, Port.allTcp(), "broker to broker");
    List<String> subnets = settings.list("vpc.private.subnets");
    CfnCluster cluster =
        CfnCluster.Builder.create(scope, "Kafka")
            .clusterName(settings.prefix() + "-msk")
            .kafkaVersion(KAFKA_VERSION)
            // Replication factor 3 (the connector's topic.creation) needs three brokers at least.
            .numberOfBrokerNodes(settings.brokerNodes())
            .brokerNodeGroupInfo(
                CfnCluster.BrokerNodeGroupInfoProperty.builder()
                    .clientSubnets(subnets)
                    .instanceType(settings.get("msk.broker.instance.type"))
                    .securityGroups(List.of(brokers.getSecurityGroupId()))
                    .storageInfo(
                        CfnCluster.StorageInfoProperty.builder()
                            .ebsStorageInfo(
                                CfnCluster.EBSStorageInfoProperty.builder().volumeSize(100).build())
                            .build())
                    .build())
            .clientAuthentication(
                CfnCluster.ClientAuthenticationProperty.builder()
                    .sasl(
                        CfnCluster.SaslProperty.builder()
                            .iam(CfnCluster.IamProperty.builder().enabled(true).build())
                            .build())
                    .unauthenticated(
                        CfnCluster.UnauthenticatedProperty.builder().enabled(false).build())
                    .build())
            .encryptionInfo(
                CfnCluster.EncryptionInfoProperty.builder()
                    .encryptionInTransit(
                        CfnCluster.EncryptionInTransitProperty.builder()
                            .clientBroker("TLS")
                            .inCluster(true)
                            .build())
                    .build())
            .build();
    AwsCustomResource bootstrap =
        AwsCustomResource.Builder.create(scope, "KafkaBootstrapBrokers")
            .onUpdate(
                AwsSdkCall.builder()
                    .service("Kafka")
                    .action("getBootstrapBrokers")
                    .parameters(Map.of("ClusterArn", cluster.getAttrArn()))
                    .physicalResourceId(
                        PhysicalResourceId.of(settings.prefix() + "-msk-bootstrap-brokers"))
                    .build())
            .policy(
                AwsCustomResourcePolicy.fromSdkCalls(
                    SdkCallsPolicyOptions.builder()
                        .resources(List.of(cluster.getAttrArn()))
                        .build()))
            .installLatestAwsSdk(false)
            .build();
    return new KafkaCluster(
        cluster.getAttrArn(),
        bootstrap.getResponseField("BootstrapBrokerStringSaslIam"),
        settings.get("aws.region"),
        settings.get("aws.account"));
  }

  String arn() {
    return arn;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The ARN prefix of the cluster's resources of one kind ({@code topic}, {@code group}, {@code
   * transactional-id}): {@code arn:aws:kafka:REGION:ACCOUNT:KIND/NAME/UUID}, the cluster's name and
   * id cut from its ARN at deploy.
   */
  String arnPrefix(String kind) {
    return "arn:aws:kafka:"
        + region
        + ":"
        + account
        + ":"
        + kind
        + "/"
        + Fn.select(1, Fn.split(":cluster/", arn));
  }
}
