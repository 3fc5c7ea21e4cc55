package io.pinpipe.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectPathsTest {

  private static ObjectPaths paths(String... extra) {
    Map<String, String> props =
        new HashMap<>(
            Map.of(
                "s3.bucket.name",
                "b",
                "format.class",
                S3SinkConfig.JSON_FORMAT,
                "flush.size",
                "10",
                "partitioner.class",
                S3SinkConfig.TIME_BASED,
                "partition.duration.ms",
                "3600000",
                "path.format",
                "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
                "locale",
                "en-US",
                "timezone",
                "UTC",
                "s3.compression.type",
                "gzip"));
    for (int i = 0; i < extra.length; i += 2) {
      props.put(extra[i], extra[i + 1]);
    }
    return new ObjectPaths(new S3SinkConfig(props));
  }

  @Test
  void readsJodaYearsAsCalendarYearsNotWeekYears() {
    // 2020-12-31 falls in ISO week 53 of 2020 but in week 1 of 2021 in US weeks: Y would say 2021.
    long lastDay = Instant.parse("2020-12-31T23:30:00Z").toEpochMilli();

    assertThat(paths().encodedPartition(0, lastDay)).isEqualTo("year=2020/month=12/day=31/hour=23");
  }

  @Test
  void floorsToThePartitionDurationInTheConfiguredZone() {
    long time = Instant.parse("2020-08-28T03:59:59.999Z").toEpochMilli();

    assertThat(paths().encodedPartition(0, time)).isEqualTo("year=2020/month=08/day=28/hour=03");
    assertThat(paths("timezone", "Europe/Paris").encodedPartition(0, time))
        .isEqualTo("year=2020/month=08/day=28/hour=05");
  }

  @Test
  void namesObjectsByTopicPartitionAndZeroPaddedStartOffset() {
    assertThat(paths().objectKey("pinterest.pin", "year=2020/month=08/day=28/hour=03", 2, 7528))
        .isEqualTo(
            "topics/pinterest.pin/year=2020/month=08/day=28/hour=03/pinterest.pin+2+0000007528.json.gz");
    assertThat(
            paths(
                    "partitioner.class",
                    S3SinkConfig.DEFAULT_PARTITIONER,
                    "s3.compression.type",
                    "none")
                .encodedPartition(4, 0))
        .isEqualTo("partition=4");
  }
}
