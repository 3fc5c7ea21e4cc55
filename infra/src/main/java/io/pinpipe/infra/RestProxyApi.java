package io.pinpipe.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.ApiDefinition;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.SpecRestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.apigateway.VpcLink;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.targets.InstanceTarget;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The REST Proxy path: the Confluent REST Proxy on an instance in a private subnet with the shipped
 * properties, logging config and systemd unit ({@code rest-proxy-config/}), a Network Load Balancer
 * in front of it, a VPC link, and API Gateway importing the shipped VPC-link OpenAPI definition,
 * with an API key and a usage plan. The REST Proxy itself is not on Maven Central: the instance
 * installs the Confluent Platform archive the user uploaded to S3.
 */
final class RestProxyApi {

  static final int PORT = 8082;

  RestProxyApi(
      Construct scope,
      InfraSettings settings,
      Path root,
      IVpc vpc,
      KafkaCluster kafka,
      SecurityGroup clients) {
    Role role =
        Role.Builder.create(scope, "RestProxyRole")
            .roleName(settings.prefix() + "-rest-proxy")
            .description("The REST Proxy instance: MSK IAM auth, write to the raw topics only")
            .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
            .inlinePolicies(
                Map.of(
                    "pinpipe-rest-proxy",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                PolicyStatement.Builder.create()
                                    .sid("Connect")
                                    .actions(
                                        List.of(
                                            "kafka-cluster:Connect",
                                            "kafka-cluster:DescribeCluster"))
                                    .resources(List.of(kafka.arn()))
                                    .build(),
                                PolicyStatement.Builder.create()
                                    .sid("WriteRawTopics")
                                    .actions(
                                        List.of(
                                            "kafka-cluster:DescribeTopic",
                                            "kafka-cluster:WriteData"))
                                    .resources(
                                        List.of("pin", "geo", "user").stream()
                                            .map(
                                                topic ->
                                                    kafka.arnPrefix("topic")
                                                        + "/"
                                                        + settings.get("topic.prefix")
                                                        + topic)
                                            .toList())
                                    .build(),
                                PolicyStatement.Builder.create()
                                    .sid("ReadTheInstallFiles")
                                    .actions(List.of("s3:GetObject"))
                                    .resources(
                                        List.of(
                                            s3Arn(settings.get("confluent.platform.archive")),
                                            s3Arn(settings.get("msk.iam.auth.jar"))))
                                    .build()))
                        .build()))
            .build();

    SecurityGroup proxy =
        SecurityGroup.Builder.create(scope, "RestProxySecurityGroup")
            .vpc(vpc)
            .description(
                "The REST Proxy: port 8082 from within the VPC (the load balancer's VPC-link traffic)")
            .allowAllOutbound(true)
            .build();
    proxy.addIngressRule(
        Peer.ipv4(settings.get("vpc.cidr")),
        Port.tcp(PORT),
        "REST Proxy from the Network Load Balancer");

    Instance instance =
        Instance.Builder.create(scope, "RestProxy")
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build())
            .instanceType(new InstanceType(settings.get("rest.proxy.instance.type")))
            .machineImage(MachineImage.latestAmazonLinux2023())
            .role(role)
            .securityGroup(proxy)
            .userData(userData(settings, root, kafka))
            .requireImdsv2(true)
            .build();
    instance.addSecurityGroup(clients);

    NetworkLoadBalancer balancer =
        NetworkLoadBalancer.Builder.create(scope, "RestProxyLoadBalancer")
            .vpc(vpc)
            .internetFacing(false)
            .vpcSubnets(SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build())
            .build();
    NetworkListener listener =
        balancer.addListener(
            "RestProxyListener", BaseNetworkListenerProps.builder().port(PORT).build());
    listener.addTargets(
        "RestProxyTarget",
        AddNetworkTargetsProps.builder()
            .port(PORT)
            .targets(List.of(new InstanceTarget(instance, PORT)))
            .build());

    VpcLink link =
        VpcLink.Builder.create(scope, "RestProxyVpcLink")
            .vpcLinkName(settings.prefix() + "-rest-proxy")
            .targets(List.of(balancer))
            .build();
    String definition =
        PinPipeStack.shipped(root, "rest-proxy-config/api-gateway-openapi-vpc-link.json")
            .replace("${vpc_link_id}", link.getVpcLinkId())
            .replace("${rest_proxy_nlb_dns_name}", balancer.getLoadBalancerDnsName());
    SpecRestApi api =
        SpecRestApi.Builder.create(scope, "RestProxyApi")
            .restApiName(settings.prefix() + "-rest-proxy")
            .apiDefinition(ApiDefinition.fromInline(PinPipeStack.json(definition)))
            .deployOptions(StageOptions.builder().stageName("prod").build())
            // No account-wide CloudWatch role for API Gateway: that is the account's choice, not
            // this stack's.
            .cloudWatchRole(false)
            .build();
    IApiKey key = api.addApiKey("RestProxyApiKey");
    UsagePlan plan =
        api.addUsagePlan(
            "RestProxyUsagePlan",
            UsagePlanProps.builder()
                .name(settings.prefix() + "-rest-proxy")
                .apiStages(
                    List.of(
                        UsagePlanPerApiStage.builder()
                            .api(api)
                            .stage(api.getDeploymentStage())
                            .build()))
                .throttle(ThrottleSettings.builder().rateLimit(50).burstLimit(100).build())
                .build());
    plan.addApiKey(key);
  }

  /** The install steps of rest-proxy-config/README.md, as the instance's first boot runs them. */
  private static UserData userData(InfraSettings settings, Path root, KafkaCluster kafka) {
    String properties =
        PinPipeStack.shipped(root, "rest-proxy-config/kafka-rest.properties")
            .replaceAll(
                "(?m)^bootstrap\\.servers=.*$",
                "bootstrap.servers="
                    + java.util.regex.Matcher.quoteReplacement(kafka.bootstrapServers()));
    UserData userData = UserData.forLinux();
    userData.addCommands(
        "set -euo pipefail",
        "dnf install -y java-17-amazon-corretto-headless",
        "id kafka-rest || useradd --system --no-create-home --shell /sbin/nologin kafka-rest",
        "mkdir -p /opt/kafka-rest /etc/kafka-rest",
        "aws s3 cp " + settings.get("confluent.platform.archive") + " /tmp/confluent.tar.gz",
        "tar -xzf /tmp/confluent.tar.gz -C /opt/kafka-rest --strip-components=1",
        "aws s3 cp "
            + settings.get("msk.iam.auth.jar")
            + " /opt/kafka-rest/share/java/kafka-rest-lib/aws-msk-iam-auth-2.3.5-all.jar",
        "cat > /etc/kafka-rest/kafka-rest.properties <<'PROPERTIES'",
        properties.strip(),
        "PROPERTIES",
        "cat > /etc/kafka-rest/log4j2.properties <<'LOG4J'",
        PinPipeStack.shipped(root, "rest-proxy-config/log4j2.properties").strip(),
        "LOG4J",
        "cat > /etc/systemd/system/kafka-rest.service <<'UNIT'",
        PinPipeStack.shipped(root, "rest-proxy-config/kafka-rest.service").strip(),
        "UNIT",
        "systemctl daemon-reload",
        "systemctl enable --now kafka-rest");
    return userData;
  }

  private static String s3Arn(String s3Url) {
    if (!s3Url.startsWith("s3://")) {
      throw new IllegalArgumentException(
          "confluent.platform.archive and msk.iam.auth.jar must be s3:// locations, not " + s3Url);
    }
    return "arn:aws:s3:::" + s3Url.substring("s3://".length());
  }
}
