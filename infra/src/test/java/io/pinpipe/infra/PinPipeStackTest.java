package io.pinpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.connect.config.MySqlSourceConfig;
import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.s3sink.ConfluentS3SinkKeys;
import io.pinpipe.streams.topology.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesised stack read as CloudFormation will read it ({@code Template.fromStack}), with the
 * shipped example settings ({@code infra/infra.properties}): every property that decides security
 * and behaviour, and the connector configs checked against the shipped files and the components
 * that read them. Nothing here reaches AWS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinPipeStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = InfraApp.root();

  private InfraSettings settings;
  private PinPipeStack stack;
  private Template template;
  private JsonNode resources;

  @BeforeAll
  void synthesise(@TempDir Path out) throws Exception {
    settings = InfraSettings.load(ROOT.resolve("infra/infra.properties"));
    stack =
        InfraApp.build(new App(AppProps.builder().outdir(out.toString()).build()), settings, ROOT);
    template = Template.fromStack(stack);
    resources = JSON.valueToTree(template.toJSON()).get("Resources");
  }

  private List<JsonNode> ofType(String type) {
    List<JsonNode> found = new ArrayList<>();
    resources.forEach(
        resource -> {
          if (resource.get("Type").asText().equals(type)) {
            found.add(resource.get("Properties"));
          }
        });
    return found;
  }

  private String logicalId(String type) {
    List<String> ids = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getValue().get("Type").asText().equals(type)) {
                ids.add(entry.getKey());
              }
            });
    assertThat(ids).as(type).hasSize(1);
    return ids.get(0);
  }

  private String logicalIdOfGroup(String description) {
    List<String> ids = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry
                  .getValue()
                  .at("/Properties/GroupDescription")
                  .asText()
                  .equals(description)) {
                ids.add(entry.getKey());
              }
            });
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  @Test
  void theClusterTakesIamAuthOnlyAndTlsEverywhere() {
    template.hasResourceProperties(
        "AWS::MSK::Cluster",
        Map.of(
            "KafkaVersion", "3.7.x",
            "ClientAuthentication",
                Map.of(
                    "Sasl",
                    Map.of("Iam", Map.of("Enabled", true)),
                    "Unauthenticated",
                    Map.of("Enabled", false)),
            "EncryptionInfo",
                Map.of("EncryptionInTransit", Map.of("ClientBroker", "TLS", "InCluster", true))));
    JsonNode cluster = ofType("AWS::MSK::Cluster").get(0);
    assertThat(cluster.get("NumberOfBrokerNodes").asInt())
        .as("replication factor 3 needs three brokers")
        .isGreaterThanOrEqualTo(3)
        .matches(
            brokers -> brokers % settings.list("vpc.private.subnets").size() == 0,
            "a multiple of the zones");
    // Only the clients' group reaches the IAM listener.
    template.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Map.of(
            "SecurityGroupIngress",
            Match.arrayWith(
                List.of(
                    Match.objectLike(
                        Map.of(
                            "FromPort",
                            9098,
                            "ToPort",
                            9098,
                            "IpProtocol",
                            "tcp",
                            "SourceSecurityGroupId",
                            Map.of(
                                "Fn::GetAtt",
                                List.of(
                                    logicalIdOfGroup(
                                        "PinPipe's Kafka clients: MSK Connect, the Streams app, the REST Proxy"),
                                    "GroupId"))))))));
  }

  @Test
  void theBucketIsEncryptedPrivateTlsOnlyAndAgesIntoInfrequentAccess() {
    template.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "BucketEncryption",
                Map.of(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
            "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls",
                    true,
                    "BlockPublicPolicy",
                    true,
                    "IgnorePublicAcls",
                    true,
                    "RestrictPublicBuckets",
                    true),
            "LifecycleConfiguration",
                Map.of(
                    "Rules",
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Status",
                                "Enabled",
                                "Transitions",
                                List.of(
                                    Map.of(
                                        "StorageClass",
                                        "STANDARD_IA",
                                        "TransitionInDays",
                                        30))))))));
    template.hasResourceProperties(
        "AWS::S3::BucketPolicy",
        Map.of(
            "PolicyDocument",
            Map.of(
                "Statement",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Effect",
                            "Deny",
                            "Condition",
                            Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))));
  }

  @Test
  void theConnectorsCarryTheShippedConfigsFilledForTheAccount() {
    Map<String, JsonNode> byName = new HashMap<>();
    ofType("AWS::KafkaConnect::Connector")
        .forEach(connector -> byName.put(connector.get("ConnectorName").asText(), connector));
    assertThat(byName).containsOnlyKeys("pinpipe-mysql-source", "pinpipe-s3-sink");
    String bucketRef = logicalId("AWS::S3::Bucket");

    for (String file : List.of(BundleFiles.SOURCE_CONNECTOR, BundleFiles.S3_SINK)) {
      Map<String, String> shipped = BundleFiles.properties(file);
      JsonNode deployed = byName.get(shipped.get("name"));
      JsonNode configuration = deployed.get("ConnectorConfiguration");
      List<String> deployedKeys = new ArrayList<>();
      configuration.fieldNames().forEachRemaining(deployedKeys::add);
      shipped.remove("name");
      assertThat(deployedKeys).as(file).containsExactlyInAnyOrderElementsOf(shipped.keySet());
      shipped.forEach(
          (key, value) -> {
            JsonNode actual = configuration.get(key);
            if (value.contains("${deploy:s3.bucket}")) {
              assertThat(actual.at("/Ref").asText()).as(key).isEqualTo(bucketRef);
            } else if (key.equals("topic.creation.default.partitions")) {
              assertThat(actual.asText()).isEqualTo(settings.get("raw.topic.partitions"));
            } else {
              // Filled independently of the stack: each placeholder by its setting.
              String expected =
                  value
                      .replace(
                          "${deploy:topic.prefix.regex}",
                          settings.get("topic.prefix").replace(".", "\\."))
                      .replace("${deploy:topic.prefix}", settings.get("topic.prefix"))
                      .replace("${deploy:aws.region}", settings.get("aws.region"))
                      .replace("${deploy:rds.endpoint}", settings.get("rds.endpoint"))
                      .replace("${deploy:rds.database}", settings.get("rds.database"))
                      .replace("${deploy:rds.user}", settings.get("rds.user"));
              assertThat(actual.asText()).as(key).isEqualTo(expected);
            }
          });
      assertThat(deployed.at("/KafkaClusterClientAuthentication/AuthenticationType").asText())
          .isEqualTo("IAM");
      assertThat(deployed.at("/KafkaClusterEncryptionInTransit/EncryptionType").asText())
          .isEqualTo("TLS");
      assertThat(deployed.get("KafkaConnectVersion").asText()).isEqualTo("3.7.x");
      String roleId = deployed.at("/ServiceExecutionRoleArn/Fn::GetAtt/0").asText();
      assertThat(resources.at("/" + roleId + "/Properties/RoleName").asText())
          .isEqualTo("pinpipe-msk-connect");
    }
    // The worker configuration is the shipped file.
    String worker =
        new String(
            java.util.Base64.getDecoder()
                .decode(
                    ofType("AWS::KafkaConnect::WorkerConfiguration")
                        .get(0)
                        .get("PropertiesFileContent")
                        .asText()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(worker).isEqualTo(BundleFiles.text(BundleFiles.WORKER));
  }

  @Test
  void theGeneratedConfigsPassTheChecksTheShippedOnesPass() {
    // As BundleConsistencyTest checks the shipped files: the source config parses with every key
    // known, its topics are the Streams app's raw topics, and every S3 sink key is the real
    // connector's; the sink's regex matches every PinPipe topic and not its own dead-letter topic.
    Map<String, String> source = stack.connectors().sourceConfig();
    MySqlSourceConfig parsed = new MySqlSourceConfig(source);
    assertThat(MySqlSourceConfig.unknownKeys(source)).isEmpty();
    assertThat(parsed.iamAuth()).isTrue();
    Topics topics = new Topics(settings.get("topic.prefix"));
    assertThat(parsed.tables())
        .extracting(table -> table.topic())
        .containsExactlyInAnyOrderElementsOf(topics.rawNames());

    Map<String, String> sink = stack.connectors().sinkConfig();
    assertThat(sink.keySet())
        .allSatisfy(
            key ->
                assertThat(
                        ConfluentS3SinkKeys.reference().meaning(key).isPresent()
                            || key.startsWith("errors.")
                            || key.startsWith("consumer.override.")
                            || key.endsWith(".converter")
                            || key.startsWith("value.converter.")
                            || List.of("name", "connector.class", "tasks.max", "topics.regex")
                                .contains(key))
                    .as(key)
                    .isTrue());
    Pattern regex = Pattern.compile(sink.get("topics.regex"));
    List<String> all = new ArrayList<>(topics.rawNames());
    all.addAll(topics.streamOutputNames());
    all.addAll(topics.statsNames());
    assertThat(all)
        .allSatisfy(topic -> assertThat(regex.matcher(topic).matches()).as(topic).isTrue());
    assertThat(regex.matcher(sink.get("errors.deadletterqueue.topic.name")).matches()).isFalse();
  }

  @Test
  void theExecutionRoleHoldsTheShippedLeastPrivilegePolicy() throws Exception {
    JsonNode role = null;
    for (JsonNode candidate : ofType("AWS::IAM::Role")) {
      if (candidate.path("RoleName").asText().equals("pinpipe-msk-connect")) {
        role = candidate;
      }
    }
    assertThat(role).isNotNull();
    assertThat(role.at("/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText())
        .isEqualTo("kafkaconnect.amazonaws.com");
    JsonNode shipped = JSON.readTree(BundleFiles.text(BundleFiles.EXECUTION_ROLE_POLICY));
    JsonNode deployed = role.at("/Policies/0/PolicyDocument");
    List<String> shippedSids = new ArrayList<>();
    shipped.get("Statement").forEach(statement -> shippedSids.add(statement.get("Sid").asText()));
    List<String> deployedSids = new ArrayList<>();
    deployed.get("Statement").forEach(statement -> deployedSids.add(statement.get("Sid").asText()));
    assertThat(deployedSids).isEqualTo(shippedSids);
    for (int i = 0; i < shippedSids.size(); i++) {
      JsonNode want = shipped.get("Statement").get(i);
      JsonNode got = deployed.get("Statement").get(i);
      assertThat(got.get("Action")).as(shippedSids.get(i)).isEqualTo(want.get("Action"));
      assertThat(got.get("Effect").asText()).isEqualTo("Allow");
      // Resources hold tokens of the cluster and bucket: every literal part of the shipped
      // resource must be there, in order, between them.
      String deployedResource = got.get("Resource").toString();
      for (String literal : want.get("Resource").toString().split("\\$\\{deploy:[^}]+}")) {
        String part = literal.replace("\"", "").replace("[", "").replace("]", "");
        for (String piece : part.split(",")) {
          if (!piece.isBlank()) {
            assertThat(deployedResource).as(shippedSids.get(i) + " resource").contains(piece);
          }
        }
      }
    }
    assertThat(role.at("/Policies/0/PolicyDocument").toString())
        .contains(settings.get("topic.prefix") + "*")
        .contains("\"/__amazon_msk_connect_*\"")
        .contains("/topics/*");
  }

  @Test
  void anExistingClusterAndAPasswordSecretAreWiredInPlaceOfNewOnes(@TempDir Path out) {
    Map<String, String> values = new HashMap<>(settings.values());
    values.put("msk.cluster.arn", "arn:aws:kafka:eu-west-1:123456789012:cluster/existing/abcd-1");
    values.put("msk.bootstrap.servers", "b-1.existing:9098,b-2.existing:9098");
    values.put(
        "rds.password.secret.arn",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pinpipe/rds-AbCdEf");
    PinPipeStack other =
        InfraApp.build(
            new App(AppProps.builder().outdir(out.toString()).build()),
            new InfraSettings(values),
            ROOT);
    Template existing = Template.fromStack(other);

    existing.resourceCountIs("AWS::MSK::Cluster", 0);
    existing.hasResourceProperties(
        "AWS::KafkaConnect::Connector",
        Map.of(
            "KafkaCluster",
            Map.of(
                "ApacheKafkaCluster",
                Match.objectLike(
                    Map.of("BootstrapServers", "b-1.existing:9098,b-2.existing:9098")))));
    assertThat(other.connectors().sourceConfig())
        .containsEntry("iam.auth.enabled", "false")
        .containsEntry(
            "connection.password",
            "${secretsmanager:" + values.get("rds.password.secret.arn") + ":password}");
    assertThat(other.connectors().workerProperties())
        .contains(
            "config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider");
    existing.hasResourceProperties(
        "AWS::IAM::Role",
        Map.of(
            "RoleName",
            "pinpipe-msk-connect",
            "Policies",
            Match.arrayWith(
                List.of(
                    Match.objectLike(
                        Map.of(
                            "PolicyName",
                            "pinpipe-database-password",
                            "PolicyDocument",
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
                                        values.get("rds.password.secret.arn"))))))))));
    // The existing cluster's ARN prefixes are cut from its ARN.
    assertThat(JSON.valueToTree(existing.toJSON()).toString())
        .contains("arn:aws:kafka:eu-west-1:123456789012:cluster/existing/abcd-1");
  }

  @Test
  void noPolicyOfTheStackAllowsAWildcardAction() {
    // Every Allow statement of every policy, role and bucket policy; the bucket's Deny of s3:*
    // without TLS is a denial, and meant to be wide.
    List<String> allowed = new ArrayList<>();
    resources.forEach(resource -> collectAllowedActions(resource.get("Properties"), allowed));
    assertThat(allowed)
        .contains("kafka-cluster:WriteData", "kafka:GetBootstrapBrokers", "s3:GetObject")
        .noneMatch(action -> action.contains("*"));
  }

  private static void collectAllowedActions(JsonNode node, List<String> actions) {
    if (node == null) {
      return;
    }
    if (node.isObject() && node.has("Effect") && node.has("Action")) {
      if (node.get("Effect").asText().equals("Allow")) {
        JsonNode action = node.get("Action");
        if (action.isArray()) {
          action.forEach(item -> actions.add(item.asText()));
        } else {
          actions.add(action.asText());
        }
      }
      return;
    }
    node.forEach(child -> collectAllowedActions(child, actions));
  }

  @Test
  void everyMethodOfTheApiNeedsTheKeyAndReachesTheProxyOverTheVpcLink() {
    JsonNode api = ofType("AWS::ApiGateway::RestApi").get(0).get("Body");
    assertThat(api.get("x-amazon-apigateway-api-key-source").asText()).isEqualTo("HEADER");
    List<String> methods = new ArrayList<>();
    api.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        method -> {
                          if (!method.getKey().equals("parameters")) {
                            methods.add(method.getKey());
                            assertThat(method.getValue().get("security"))
                                .as(path.getKey() + " " + method.getKey())
                                .anySatisfy(
                                    requirement -> assertThat(requirement.has("api_key")).isTrue());
                            JsonNode integration =
                                method.getValue().get("x-amazon-apigateway-integration");
                            assertThat(integration.get("connectionType").asText())
                                .isEqualTo("VPC_LINK");
                            assertThat(integration.at("/connectionId/Ref").asText())
                                .isEqualTo(logicalId("AWS::ApiGateway::VpcLink"));
                            assertThat(integration.get("timeoutInMillis").asInt())
                                .isLessThanOrEqualTo(29_000);
                          }
                        }));
    assertThat(methods).isNotEmpty();
    template.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
    template.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
    template.resourceCountIs("AWS::ApiGateway::Account", 0);
    template.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        Map.of("Scheme", "internal", "Type", "network"));
  }

  @Test
  void theStreamsAppRunsOnItsInstancesUnderTheShippedUnitWithImdsV2() {
    int instances = settings.number("streams.instances");
    template.hasResourceProperties(
        "AWS::AutoScaling::AutoScalingGroup",
        Map.of("MinSize", String.valueOf(instances), "MaxSize", String.valueOf(instances)));
    List<JsonNode> templates = ofType("AWS::EC2::LaunchTemplate");
    assertThat(templates)
        .allSatisfy(
            launch ->
                assertThat(launch.at("/LaunchTemplateData/MetadataOptions/HttpTokens").asText())
                    .isEqualTo("required"));
    String userData = JSON.valueToTree(template.toJSON()).toString();
    assertThat(userData)
        .contains("systemctl enable --now pinpipe-streams")
        .contains("ExecStart=/usr/bin/java -Xms512m -Xmx1g -jar /opt/pinpipe/pinpipe-streams.jar")
        .contains("systemctl enable --now kafka-rest")
        .contains("useradd --system --no-create-home --shell /sbin/nologin kafka-rest");
  }

  @Test
  void theClusterAndTheConnectorsAreSizedAsTheSettingsSay(@TempDir Path out) throws Exception {
    Map<String, String> values = new HashMap<>(settings.values());
    values.put("msk.broker.nodes", "4");
    values.put("connect.mcu.count", "2");
    values.put("connect.source.max.workers", "3");
    values.put("connect.sink.max.workers", "6");
    PinPipeStack sized =
        InfraApp.build(
            new App(AppProps.builder().outdir(out.toString()).build()),
            new InfraSettings(values),
            ROOT);
    JsonNode sizedResources = JSON.valueToTree(Template.fromStack(sized).toJSON()).get("Resources");
    Map<String, JsonNode> scaling = new HashMap<>();
    List<Integer> brokers = new ArrayList<>();
    sizedResources.forEach(
        resource -> {
          String type = resource.get("Type").asText();
          JsonNode properties = resource.get("Properties");
          if (type.equals("AWS::KafkaConnect::Connector")) {
            scaling.put(
                properties.get("ConnectorName").asText(), properties.at("/Capacity/AutoScaling"));
          } else if (type.equals("AWS::MSK::Cluster")) {
            brokers.add(properties.get("NumberOfBrokerNodes").asInt());
          }
        });
    assertThat(brokers).containsExactly(4);
    assertThat(scaling.get("pinpipe-mysql-source").get("MaxWorkerCount").asInt()).isEqualTo(3);
    assertThat(scaling.get("pinpipe-s3-sink").get("MaxWorkerCount").asInt()).isEqualTo(6);
    assertThat(scaling.values())
        .allSatisfy(auto -> assertThat(auto.get("McuCount").asInt()).isEqualTo(2));
    // The shipped settings: the defaults, three brokers over two zones rounded up to four.
    assertThat(settings.brokerNodes()).isEqualTo(4);
    assertThat(ofType("AWS::KafkaConnect::Connector"))
        .allSatisfy(
            connector ->
                assertThat(connector.at("/Capacity/AutoScaling/MaxWorkerCount").asInt())
                    .isEqualTo(2));
  }

  @Test
  void aSizeThatMskCannotRunIsNamed() {
    Map<String, String> threeInTwoZones = new HashMap<>(settings.values());
    threeInTwoZones.put("msk.broker.nodes", "3");
    assertThatThrownBy(() -> new InfraSettings(threeInTwoZones))
        .hasMessageContaining("msk.broker.nodes must be at least 3")
        .hasMessageContaining("multiple of the 2 zones");
    Map<String, String> mcu = new HashMap<>(settings.values());
    mcu.put("connect.mcu.count", "3");
    assertThatThrownBy(() -> new InfraSettings(mcu)).hasMessageContaining("connect.mcu.count");
    Map<String, String> workers = new HashMap<>(settings.values());
    workers.put("connect.sink.max.workers", "11");
    assertThatThrownBy(() -> new InfraSettings(workers))
        .hasMessageContaining("connect.sink.max.workers must be between 1 and 10");
    Map<String, String> word = new HashMap<>(settings.values());
    word.put("connect.source.max.workers", "two");
    assertThatThrownBy(() -> new InfraSettings(word))
        .hasMessage("infra setting connect.source.max.workers is not a number: two");
  }

  @Test
  void aSettingThatIsMissingOrCannotBeRightIsNamed() {
    Map<String, String> values = new HashMap<>(settings.values());
    values.remove("vpc.id");
    assertThatThrownBy(() -> new InfraSettings(values))
        .hasMessage("infra setting vpc.id is missing");
    Map<String, String> subnets = new HashMap<>(settings.values());
    subnets.put("vpc.private.subnets", "subnet-1");
    assertThatThrownBy(() -> new InfraSettings(subnets))
        .hasMessageContaining("one subnet per zone");
    Map<String, String> instances = new HashMap<>(settings.values());
    instances.put("streams.instances", "7");
    assertThatThrownBy(() -> new InfraSettings(instances))
        .hasMessageContaining("streams.instances must be between 1 and raw.topic.partitions (6)");
    Map<String, String> halfCluster = new HashMap<>(settings.values());
    halfCluster.put("msk.cluster.arn", "arn:aws:kafka:eu-west-1:123456789012:cluster/x/1");
    assertThatThrownBy(() -> new InfraSettings(halfCluster)).hasMessageContaining("go together");
  }
}
