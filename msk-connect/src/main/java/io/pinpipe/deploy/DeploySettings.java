package io.pinpipe.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where and how to deploy: the values of {@code msk-connect/deploy.properties}, checked, plus the
 * values derived from them that the templates use (ARN prefixes, the escaped topic prefix).
 */
public record DeploySettings(Map<String, String> values) {

  static final List<String> REQUIRED =
      List.of(
          "aws.region",
          "aws.account",
          "msk.cluster.arn",
          "msk.bootstrap.servers",
          "vpc.subnets",
          "vpc.security.groups",
          "s3.bucket",
          "s3.plugin.prefix",
          "service.execution.role.arn",
          "log.group",
          "rds.endpoint",
          "rds.database",
          "rds.user",
          "rds.resource.id",
          "topic.prefix",
          "confluent.s3.sink.zip");

  private static final Pattern CLUSTER_ARN =
      Pattern.compile("arn:aws:kafka:([a-z0-9-]+):(\\d{12}):cluster/([^/]+)/(.+)");

  public DeploySettings {
    for (String key : REQUIRED) {
      if (values.get(key) == null || values.get(key).isBlank()) {
        throw new IllegalArgumentException("deploy setting " + key + " is missing");
      }
    }
    if (!CLUSTER_ARN.matcher(values.get("msk.cluster.arn")).matches()) {
      throw new IllegalArgumentException(
          "msk.cluster.arn is not an MSK cluster ARN: " + values.get("msk.cluster.arn"));
    }
    if (!values.get("topic.prefix").matches("[A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "topic.prefix may hold only letters, digits, '.', '_' and '-'");
    }
    values = Map.copyOf(values);
  }

  public static DeploySettings load(Path file) throws IOException {
    return new DeploySettings(BundleFiles.parseProperties(Files.readString(file)));
  }

  /** The shipped example settings. */
  public static DeploySettings example() {
    return new DeploySettings(BundleFiles.properties(BundleFiles.DEPLOY_SETTINGS));
  }

  public String get(String key) {
    return values.get(key);
  }

  /** Everything a template may refer to: the settings and what follows from them. */
  public Map<String, String> placeholderValues() {
    Map<String, String> all = new LinkedHashMap<>(values);
    var arn = CLUSTER_ARN.matcher(values.get("msk.cluster.arn"));
    arn.matches();
    String suffix = arn.group(1) + ":" + arn.group(2) + ":";
    String cluster = arn.group(3) + "/" + arn.group(4);
    all.put("msk.topic.arn.prefix", "arn:aws:kafka:" + suffix + "topic/" + cluster);
    all.put("msk.group.arn.prefix", "arn:aws:kafka:" + suffix + "group/" + cluster);
    all.put(
        "msk.transactional.id.arn.prefix",
        "arn:aws:kafka:" + suffix + "transactional-id/" + cluster);
    all.put("topic.prefix.regex", values.get("topic.prefix").replace(".", "\\."));
    return all;
  }
}
