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
