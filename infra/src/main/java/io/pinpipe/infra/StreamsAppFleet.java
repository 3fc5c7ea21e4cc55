package io.pinpipe.infra;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The Streams app on EC2: an Auto Scaling group of {@code streams.instances} instances (Amazon
 * Linux 2023, Java 17), each running the app's jar under the shipped systemd unit with an instance
 * role holding the shipped least-privilege policy ({@code streams-app/deploy/}).
 */
final class StreamsAppFleet {

  static final String JAR_ASSET = "infra/target/assets/pinpipe-streams.jar";

  StreamsAppFleet(
      Construct scope,
      InfraSettings settings,
      Path root,
      IVpc vpc,
      KafkaCluster kafka,
      SecurityGroup clients) {
    Role role =
        Role.Builder.create(scope, "StreamsAppRole")
            .roleName(settings.prefix() + "-streams-app")
            .description(
                "The PinPipe Streams app's instances: MSK IAM auth on its topics, group and transactional ids")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .inlinePolicies(
                java.util.Map.of(
                    "pinpipe-streams",
                    PolicyDocument.fromJson(PinPipeStack.json(policy(settings, root, kafka)))))
            .build();
    Asset jar =
        Asset.Builder.create(scope, "StreamsAppJar")
            .path(root.resolve(JAR_ASSET).toString())
            .build();
    // The jar alone, rather than grantRead's s3:GetObject* and s3:List* on the whole asset bucket.
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadTheAppJar")
            .actions(List.of("s3:GetObject"))
            .resources(List.of(jar.getBucket().arnForObjects(jar.getS3ObjectKey())))
            .build());

    UserData userData = UserData.forLinux();
    userData.addCommands(
        "set -euo pipefail",
        "dnf install -y java-17-amazon-corretto-headless",
        "id pinpipe || useradd --system --no-create-home --shell /sbin/nologin pinpipe",
        "mkdir -p /opt/pinpipe /etc/pinpipe",
        "aws s3 cp " + jar.getS3ObjectUrl() + " /opt/pinpipe/pinpipe-streams.jar",
        "cat > /etc/pinpipe/streams.env <<'ENV'",
        "PINPIPE_STREAMS_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
        "PINPIPE_STREAMS_TOPIC_PREFIX=" + settings.get("topic.prefix"),
        "ENV",
        "cat > /etc/systemd/system/pinpipe-streams.service <<'UNIT'",
        PinPipeStack.shipped(root, "streams-app/deploy/pinpipe-streams.service").strip(),
        "UNIT",
        "systemctl daemon-reload",
        "systemctl enable --now pinpipe-streams");

    LaunchTemplate template =
        LaunchTemplate.Builder.create(scope, "StreamsAppLaunchTemplate")
            .instanceType(new InstanceType(settings.get("streams.instance.type")))
            .machineImage(MachineImage.latestAmazonLinux2023())
            .role(role)
            .securityGroup(clients)
            .userData(userData)
            .requireImdsv2(true)
            .build();
    int instances = settings.number("streams.instances");
    AutoScalingGroup.Builder.create(scope, "StreamsApp")
        .vpc(vpc)
        .vpcSubnets(SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build())
        .launchTemplate(template)
        .minCapacity(instances)
        .maxCapacity(instances)
        .build();
  }

  /**
   * The shipped policy, its placeholders (REGION, ACCOUNT, the cluster's name and id, the topic
   * prefix) filled.
   */
  private static String policy(InfraSettings settings, Path root, KafkaCluster kafka) {
    String policy = PinPipeStack.shipped(root, "streams-app/deploy/iam-policy.json");
    for (String kind : List.of("topic", "group", "transactional-id")) {
      policy =
          policy.replace(
              "arn:aws:kafka:REGION:ACCOUNT:" + kind + "/CLUSTER_NAME/CLUSTER_UUID",
              kafka.arnPrefix(kind));
    }
    return policy
        .replace("arn:aws:kafka:REGION:ACCOUNT:cluster/CLUSTER_NAME/CLUSTER_UUID", kafka.arn())
        .replace("/pinterest.", "/" + settings.get("topic.prefix"));
  }
}
