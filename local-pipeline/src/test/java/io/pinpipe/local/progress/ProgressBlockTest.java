package io.pinpipe.local.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.tally.TopicTally;
import io.pinpipe.streams.topology.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live block's lines for known measurements, written out as a user sees them. */
class ProgressBlockTest {

  private static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX);

  @Test
  void showsEachStageOfThePipelineWithTheConnectorLagOfTheSlowestTable() {
    Map<String, TopicTally.Counts> counts =
        Map.of(
            "pinterest.pin", new TopicTally.Counts(1_200, 0),
            "pinterest.geo", new TopicTally.Counts(1_150, 0),
            "pinterest.user", new TopicTally.Counts(1_190, 0),
            "pinterest.pin.clean", new TopicTally.Counts(1_200, 0),
            "pinterest.posts", new TopicTally.Counts(1_140, 3),
            "pinterest.stats.top_category_by_country", new TopicTally.Counts(40, 2),
            "pinterest.stats.users_joined_by_year", new TopicTally.Counts(5, 0),
            "pinterest.dlq", new TopicTally.Counts(1, 1),
            "pinterest-s3-sink-dlq", new TopicTally.Counts(0, 0));
    ProgressBlock.Snapshot now =
        new ProgressBlock.Snapshot(
            42.4,
            "posting",
            1_250,
            650,
            "jdbc:mariadb://127.0.0.1:3307/pinterest_data",
            counts,
            Map.of(
                "pinterest.pin", new S3Objects.TopicObjects(3, 1_048_576, 1_000),
                "pinterest.geo", new S3Objects.TopicObjects(2, 524_288, 900)),
            17.25,
            734_003_200,
            880_803_840,
            "pinterest-s3-sink-dlq");

    assertThat(ProgressBlock.lines(TOPICS, now))
        .containsExactly(
            "PinPipe local  up 42 s  posting",
            "  database     1,250 posts (650 posted this run)"
                + "  jdbc:mariadb://127.0.0.1:3307/pinterest_data",
            "  raw topics   pinterest.pin 1,200 pinterest.geo 1,150 pinterest.user 1,190"
                + "   connector lag 100 rows",
            "  derived      pinterest.pin.clean 1,200 pinterest.geo.clean 0"
                + " pinterest.user.clean 0  pinterest.posts 1,140",
            "  stats        45 updates over 9 tables   DLQ 2   S3 sink DLQ 0",
            "  S3           5 objects, 1.5 MB, 1,900 records   first after 17.3 s",
            "  memory       700.0 MB resident, peak 840.0 MB");
  }

  @Test
  void leavesOutWhatIsNotUpYet() {
    ProgressBlock.Snapshot starting =
        new ProgressBlock.Snapshot(0.3, "starting", 0, 0, "", Map.of(), null, -1, -1, -1, "dlq");

    assertThat(ProgressBlock.lines(TOPICS, starting))
        .containsExactly(
            "PinPipe local  up 0 s  starting",
            "  database     0 posts (0 posted this run)",
            "  raw topics   pinterest.pin 0 pinterest.geo 0 pinterest.user 0"
                + "   connector lag 0 rows",
            "  derived      pinterest.pin.clean 0 pinterest.geo.clean 0"
                + " pinterest.user.clean 0  pinterest.posts 0",
            "  stats        0 updates over 9 tables   DLQ 0   S3 sink DLQ 0",
            "  memory       n/a resident, peak n/a");
  }
}
