package io.pinpipe.infra;

import io.pinpipe.deploy.BundleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What differs per AWS account ({@code infra/infra.properties}), checked when read: a missing value
 * is named, and so is one that cannot be right (a subnet list that does not match the zones).
 */
public record InfraSettings(Map<String, String> values) {

  static final List<String> REQUIRED =
      List.of(
          "aws.account",
          "aws.region",
          "name.prefix",
          "vpc.id",
          "vpc.availability.zones",
          "vpc.private.subnets",
          "raw.topic.partitions",
          "topic.prefix",
          "rds.endpoint",
          "rds.database",
          "rds.user",
          "rds.resource.id",
          "confluent.s3.sink.zip",
          "streams.instances",
          "streams.instance.type",
          "rest.proxy.instance.type",
          "msk.broker.instance.type",
          "vpc.cidr",
          "confluent.platform.archive",
          "msk.iam.auth.jar");

  public InfraSettings {
    for (String key : REQUIRED) {
      if (values.get(key) == null || values.get(key).isBlank()) {
        throw new IllegalArgumentException("infra setting " + key + " is missing");
      }
    }
    values = Map.copyOf(values);
    if (list("vpc.private.subnets", values).size()
        != list("vpc.availability.zones", values).size()) {
      throw new IllegalArgumentException(
          "vpc.private.subnets needs one subnet per zone of vpc.availability.zones");
    }
    boolean existingCluster = !values.getOrDefault("msk.cluster.arn", "").isBlank();
    if (existingCluster == values.getOrDefault("msk.bootstrap.servers", "").isBlank()) {
      throw new IllegalArgumentException(
          "msk.cluster.arn and msk.bootstrap.servers go together: set both for an existing cluster,"
              + " or neither for a new one");
    }
    int partitions = Integer.parseInt(values.get("raw.topic.partitions"));
    int instances = Integer.parseInt(values.get("streams.instances"));
    if (partitions < 1 || instances < 1 || instances > partitions) {
      throw new IllegalArgumentException(
          "streams.instances must be between 1 and raw.topic.partitions ("
              + partitions
              + "): an instance beyond one per partition would idle");
    }
    checkCapacity(values);
  }

  /**
   * MSK brokers: {@code msk.broker.nodes}, or by default the fewest that hold three replicas and
   * fill every zone alike (MSK wants a multiple of the zone count).
   */
  public int brokerNodes() {
    return brokerNodes(values);
  }

  private static int brokerNodes(Map<String, String> values) {
    int zones = list("vpc.availability.zones", values).size();
    return number(values, "msk.broker.nodes", zones * Math.max(1, (3 + zones - 1) / zones));
  }

  /** MSK Connect units per worker ({@code connect.mcu.count}: 1, 2, 4 or 8; default 1). */
  public int connectMcuCount() {
    return number(values, "connect.mcu.count", 1);
  }

  /**
   * The most workers MSK Connect's autoscaling gives a connector ({@code
   * connect.source.max.workers}, {@code connect.sink.max.workers}; default 2, at most 10).
   */
  public int connectMaxWorkers(String connector) {
    return number(values, "connect." + connector + ".max.workers", 2);
  }

  private static int number(Map<String, String> values, String key, int otherwise) {
    String value = values.getOrDefault(key, "").strip();
    try {
      return value.isEmpty() ? otherwise : Integer.parseInt(value);
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("infra setting " + key + " is not a number: " + value);
    }
  }

  /** What MSK and MSK Connect accept: checked here rather than by a failed deployment. */
  private static void checkCapacity(Map<String, String> values) {
    int zones = list("vpc.availability.zones", values).size();
    int brokers = brokerNodes(values);
    if (brokers < 3 || brokers % zones != 0) {
      throw new IllegalArgumentException(
          "msk.broker.nodes must be at least 3 (three replicas) and a multiple of the "
              + zones
              + " zones (MSK spreads brokers evenly): "
              + brokers);
    }
    int mcu = number(values, "connect.mcu.count", 1);
    if (!List.of(1, 2, 4, 8).contains(mcu)) {
      throw new IllegalArgumentException(
          "connect.mcu.count must be 1, 2, 4 or 8 (MSK Connect's worker sizes): " + mcu);
    }
    for (String connector : List.of("source", "sink")) {
      int workers = number(values, "connect." + connector + ".max.workers", 2);
      if (workers < 1 || workers > 10) {
        throw new IllegalArgumentException(
            "connect." + connector + ".max.workers must be between 1 and 10: " + workers);
      }
    }
  }

  public static InfraSettings load(Path file) throws IOException {
    return new InfraSettings(BundleFiles.parseProperties(Files.readString(file)));
  }

  public String get(String key) {
    return values.getOrDefault(key, "");
  }

  public int number(String key) {
    return Integer.parseInt(get(key));
  }

  public List<String> list(String key) {
    return list(key, values);
  }

  private static List<String> list(String key, Map<String, String> values) {
    return Arrays.stream(values.getOrDefault(key, "").split(","))
        .map(String::strip)
        .filter(item -> !item.isEmpty())
        .toList();
  }

  public boolean existingCluster() {
    return !get("msk.cluster.arn").isBlank();
  }

  public String prefix() {
    return get("name.prefix");
  }
}
