package io.pinpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST Proxy's shipped files read as API Gateway, the REST Proxy and systemd read them: the
 * OpenAPI definitions through a real OpenAPI 3 validator, the producer timeouts against API
 * Gateway's integration limit, the samples' keys against the connector's, the unit through {@code
 * systemd-analyze verify} where this machine has it.
 */
class RestProxyConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = Path.of("..", "rest-proxy-config");
  private static final Path PUBLIC_API = DIR.resolve("api-gateway-openapi.json");
  private static final Path VPC_LINK_API = DIR.resolve("api-gateway-openapi-vpc-link.json");

  /** The HTTP methods of an OpenAPI path item, and API Gateway's catch-all. */
  private static final Set<String> METHODS =
      Set.of(
          "get",
          "put",
          "post",
          "delete",
          "options",
          "head",
          "patch",
          "trace",
          "x-amazon-apigateway-any-method");

  @ParameterizedTest
  @ValueSource(strings = {"api-gateway-openapi.json", "api-gateway-openapi-vpc-link.json"})
  void theOpenApiDefinitionsPassAnOpenApi3Validator(String file) throws IOException {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readContents(Files.readString(DIR.resolve(file)), null, options);

    assertThat(result.getMessages()).as(file).isEmpty();
    // The parser invents a server "/" when there is none, so the file itself is read for it.
    assertThat(JSON.readTree(DIR.resolve(file).toFile()).get("servers")).as(file).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api-gateway-openapi.json", "api-gateway-openapi-vpc-link.json"})
  void everyMethodRequiresTheApiKey(String file) throws IOException {
    // API Gateway applies security per method: a root-level requirement alone leaves it open.
    JsonNode api = JSON.readTree(DIR.resolve(file).toFile());
    String scheme = api.at("/components/securitySchemes").fieldNames().next();
    assertThat(api.at("/components/securitySchemes/" + scheme + "/name").asText())
        .isEqualTo("x-api-key");
    List<String> methods = new ArrayList<>();
    api.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method.getKey())) {
                            methods.add(path.getKey() + " " + method.getKey());
                            assertThat(method.getValue().get("security"))
                                .as(path.getKey() + " " + method.getKey())
                                .anySatisfy(
                                    requirement -> assertThat(requirement.has(scheme)).isTrue());
                          }
                        }));
    assertThat(methods).isNotEmpty();
  }

  @Test
  void theVpcLinkVariantDiffersOnlyInHowTheIntegrationReachesTheProxy() throws IOException {
    JsonNode publicApi = JSON.readTree(PUBLIC_API.toFile());
    JsonNode vpcLink = JSON.readTree(VPC_LINK_API.toFile());
    String integration =
        "/paths/~1{proxy+}/x-amazon-apigateway-any-method/x-amazon-apigateway-integration";

    assertThat(vpcLink.at(integration + "/connectionType").asText()).isEqualTo("VPC_LINK");
    assertThat(vpcLink.at(integration + "/connectionId").asText()).isEqualTo("${vpc_link_id}");
    assertThat(vpcLink.at(integration + "/uri").asText())
        .isEqualTo("http://${rest_proxy_nlb_dns_name}:8082/{proxy}");
    assertThat(publicApi.at(integration + "/connectionType").isMissingNode()).isTrue();
    assertThat(publicApi.at(integration + "/uri").asText())
        .isEqualTo("http://${rest_proxy_host}:8082/{proxy}");
    for (JsonNode api : List.of(publicApi, vpcLink)) {
      ObjectNode node = (ObjectNode) api.at(integration);
      node.remove(List.of("connectionType", "connectionId", "uri"));
      ((ObjectNode) api.get("info")).remove("description");
    }
    assertThat(vpcLink).isEqualTo(publicApi);
  }

  @Test
  void aProduceRequestFailsInsideApiGatewaysIntegrationTimeout() throws IOException {
    Map<String, String> proxy =
        BundleFiles.parseProperties(Files.readString(DIR.resolve("kafka-rest.properties")));
    long maxBlock = Long.parseLong(proxy.get("producer.max.block.ms"));
    long requestTimeout = Long.parseLong(proxy.get("producer.request.timeout.ms"));
    long deliveryTimeout = Long.parseLong(proxy.get("producer.delivery.timeout.ms"));
    long linger = Long.parseLong(proxy.get("producer.linger.ms"));
    int largestRequest = 0;
    for (String topic : List.of("pin", "geo", "user")) {
      largestRequest =
          Math.max(
              largestRequest,
              JSON.readTree(DIR.resolve("requests/produce-" + topic + ".json").toFile())
                  .get("records")
                  .size());
    }
    for (Path file : List.of(PUBLIC_API, VPC_LINK_API)) {
      long gatewayLimit =
          JSON.readTree(file.toFile())
              .at(
                  "/paths/~1{proxy+}/x-amazon-apigateway-any-method/x-amazon-apigateway-integration/timeoutInMillis")
              .asLong();
      assertThat(gatewayLimit).as(file.toString()).isPositive().isLessThanOrEqualTo(29_000);
      // Slow broker: one metadata wait, then the sends' delivery timeouts, which run together.
      assertThat(maxBlock + deliveryTimeout).as("slow broker").isLessThan(gatewayLimit);
      // No metadata at all: every record of the request waits max.block.ms in turn.
      assertThat(largestRequest * maxBlock).as("unreachable topic").isLessThan(gatewayLimit);
    }
    // The producer refuses a delivery timeout shorter than this.
    assertThat(deliveryTimeout).isGreaterThanOrEqualTo(linger + requestTimeout);
    // The REST Proxy forces idempotence off: the file must not claim it.
    assertThat(proxy).doesNotContainKey("producer.enable.idempotence");
    assertThat(proxy).containsEntry("client.sasl.mechanism", "AWS_MSK_IAM");
    assertThat(proxy.get("bootstrap.servers")).contains(":9098");
    // produce.sh waits longer than API Gateway does, so a 504 is seen as one, not as curl's
    // timeout.
    Matcher maxTime =
        Pattern.compile("MAX_TIME:-(\\d+)")
            .matcher(Files.readString(DIR.resolve("requests/produce.sh")));
    assertThat(maxTime.find()).isTrue();
    assertThat(Long.parseLong(maxTime.group(1)) * 1000).isGreaterThan(29_000);
  }

  @Test
  void theSampleRequestsKeyEachRecordByItsPostNumberAsAJsonNumber() throws IOException {
    // A JSON number key reaches the topic as its digits, as the connector writes it; a JSON
    // string key would keep its quotes and land on another partition.
    for (String topic : List.of("pin", "geo", "user")) {
      JsonNode body = JSON.readTree(DIR.resolve("requests/produce-" + topic + ".json").toFile());
      String keyField = topic.equals("pin") ? "index" : "ind";
      assertThat(body.get("records"))
          .as(topic)
          .isNotEmpty()
          .allSatisfy(
              record -> {
                assertThat(record.get("key").isIntegralNumber()).isTrue();
                assertThat(record.get("key").asLong())
                    .isEqualTo(record.get("value").get(keyField).asLong());
              });
    }
    String script = Files.readString(DIR.resolve("requests/produce.sh"));
    assertThat(script)
        .contains("TOPIC_PREFIX:-" + DeploySettings.example().get("topic.prefix"))
        .contains("for topic in pin geo user");
  }

  @Test
  void theUnitsUserLogsAndWritablePlacesAreSetUpByTheReadme() throws IOException {
    String unit = Files.readString(DIR.resolve("kafka-rest.service"));
    String readme = Files.readString(DIR.resolve("README.md"));
    Matcher user = Pattern.compile("(?m)^User=(\\S+)$").matcher(unit);
    assertThat(user.find()).isTrue();
    assertThat(readme).contains("useradd --system").contains(" " + user.group(1));
    // Under ProtectSystem=strict the service writes only where systemd makes it a directory.
    assertThat(unit)
        .contains(
            "ProtectSystem=strict",
            "LogsDirectory=kafka-rest",
            "StateDirectory=kafka-rest",
            "WorkingDirectory=/var/lib/kafka-rest",
            "LOG_DIR=/var/log/kafka-rest");
    Matcher logConfig = Pattern.compile("log4j2\\.configurationFile=(\\S+)").matcher(unit);
    assertThat(logConfig.find()).isTrue();
    assertThat(readme).contains("log4j2.properties " + Path.of(logConfig.group(1)).getParent());
    String log4j = Files.readString(DIR.resolve("log4j2.properties"));
    assertThat(log4j).contains("type = Console").doesNotContain("File");
  }

  @Test
  void systemdAcceptsTheUnit(@TempDir Path root) throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    Path systemUnits = Path.of("/usr/lib/systemd/system");
    assumeTrue(
        Files.isExecutable(analyze) && Files.isDirectory(systemUnits),
        "systemd-analyze is not on this machine");
    // A root of its own: the system's units (for the targets it names), the unit, and a stand-in
    // for the REST Proxy's start script, which verify requires to exist and be executable.
    copyTree(systemUnits, root.resolve("usr/lib/systemd/system"));
    Path unit = root.resolve("etc/systemd/system/kafka-rest.service");
    Files.createDirectories(unit.getParent());
    Files.copy(DIR.resolve("kafka-rest.service"), unit);
    Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+)").matcher(Files.readString(unit));
    assertThat(exec.find()).isTrue();
    Path start = root.resolve(exec.group(1).substring(1));
    Files.createDirectories(start.getParent());
    Files.writeString(start, "#!/bin/sh\n");
    start.toFile().setExecutable(true);

    Process verify =
        new ProcessBuilder(
                analyze.toString(),
                "verify",
                "--root=" + root,
                "/etc/systemd/system/kafka-rest.service")
            .redirectErrorStream(true)
            .start();
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // verify exits 0 on some mistakes (an unknown value is "ignored"), so any word from it fails.
    assertThat(output).isEmpty();
    assertThat(verify.exitValue()).isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        // Links (masked units pointing at /dev/null, aliases) are left out: verify needs none.
        if (Files.isSymbolicLink(file)) {
          continue;
        }
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
