package io.pinpipe.local.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.local.tally.TopicTally.Counts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  @Test
  void everyRecordOfADeadLetterTopicIsADeadLetterWithOrWithoutAValue() {
    // The Streams app keeps a rejected deletion's null value in its DLQ; the S3 sink may write
    // tombstones to its own. Both are dead letters, whatever their value.
    Map<String, Counts> counts =
        Map.of(
            "pinterest.dlq", new Counts(2, 1),
            "pinterest.s3-sink.dlq", new Counts(0, 2),
            "pinterest.stats.top_user_by_country", new Counts(5, 3));

    assertThat(RunSummary.deadLetters(counts, "pinterest.dlq", "pinterest.s3-sink.dlq"))
        .containsExactly(Map.entry("dlq_records", 3L), Map.entry("s3_sink_dlq_records", 2L));
    assertThat(RunSummary.deadLetters(Map.of(), "pinterest.dlq", "pinterest.s3-sink.dlq"))
        .containsExactly(Map.entry("dlq_records", 0L), Map.entry("s3_sink_dlq_records", 0L));
  }
}
