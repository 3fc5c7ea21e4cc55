package io.pinpipe.local.progress;

import io.pinpipe.local.s3.S3Objects;
import io.pinpipe.local.tally.TopicTally;
import io.pinpipe.streams.stats.AnalyticsTable;
import io.pinpipe.streams.topology.SourcePart;
import io.pinpipe.streams.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live block {@code pinpipe run} redraws: a pure function of one {@link Snapshot} of what the
 * pipeline measured, so that what it says can be tested without starting anything.
 */
public final class ProgressBlock {

  private ProgressBlock() {}

  /**
   * What the block shows, measured at one moment.
   *
   * @param databaseUrl the database's JDBC URL, empty before it is up
   * @param counts records and tombstones per topic, as a read_committed reader sees them
   * @param inS3 what the sink wrote per topic; null while the S3 endpoint is not up
   * @param secondsToFirstObject when the first object appeared in S3; negative before that
   * @param residentBytes the process tree's resident memory; negative where it cannot be read
   */
  public record Snapshot(
      double upSeconds,
      String stage,
      long postsInDatabase,
      long postedThisRun,
      String databaseUrl,
      Map<String, TopicTally.Counts> counts,
      Map<String, S3Objects.TopicObjects> inS3,
      double secondsToFirstObject,
      long residentBytes,
      long peakResidentBytes,
      String sinkDeadLetterTopic) {}

  /** The block's lines for the pipeline's {@code topics}. */
  public static List<String> lines(Topics topics, Snapshot now) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("PinPipe local  up %.0f s  %s", now.upSeconds(), now.stage()));
    lines.add(
        String.format(
            "  database     %,d posts (%,d posted this run)%s",
            now.postsInDatabase(),
            now.postedThisRun(),
            now.databaseUrl().isEmpty() ? "" : "  " + now.databaseUrl()));
    StringBuilder raw = new StringBuilder("  raw topics  ");
    long lag = 0;
    for (SourcePart part : SourcePart.values()) {
      long records = records(now, topics.raw(part).name());
      raw.append(String.format(" %s %,d", topics.raw(part).name(), records));
      // The connector's lag: rows a table has that its topic has not (every post has one of each).
      lag = Math.max(lag, now.postsInDatabase() - records);
    }
    lines.add(raw.append(String.format("   connector lag %,d rows", lag)).toString());
    StringBuilder derived = new StringBuilder("  derived     ");
    for (SourcePart part : SourcePart.values()) {
      derived.append(
          String.format(" %s %,d", topics.cleanName(part), records(now, topics.cleanName(part))));
    }
    derived.append(
        String.format("  %s %,d", topics.posts().name(), records(now, topics.posts().name())));
    lines.add(derived.toString());
    long statsRecords =
        now.counts().entrySet().stream()
            .filter(e -> e.getKey().startsWith(topics.prefix() + "stats."))
            .mapToLong(e -> e.getValue().records())
            .sum();
    lines.add(
        String.format(
            "  stats        %,d updates over %d tables   DLQ %,d   S3 sink DLQ %,d",
            statsRecords,
            AnalyticsTable.values().length,
            counts(now, topics.dlq().name()).all(),
            counts(now, now.sinkDeadLetterTopic()).all()));
    if (now.inS3() != null) {
      Map<String, S3Objects.TopicObjects> inS3 = now.inS3();
      lines.add(
          String.format(
              "  S3           %,d objects, %s, %,d records%s",
              inS3.values().stream().mapToLong(S3Objects.TopicObjects::objects).sum(),
              megabytes(inS3.values().stream().mapToLong(S3Objects.TopicObjects::bytes).sum()),
              inS3.values().stream().mapToLong(S3Objects.TopicObjects::records).sum(),
              now.secondsToFirstObject() < 0
                  ? ""
                  : String.format("   first after %.1f s", now.secondsToFirstObject())));
    }
    lines.add(
        String.format(
            "  memory       %s resident, peak %s",
            megabytes(now.residentBytes()), megabytes(now.peakResidentBytes())));
    return lines;
  }

  private static TopicTally.Counts counts(Snapshot now, String topic) {
    return now.counts().getOrDefault(topic, TopicTally.Counts.NONE);
  }

  private static long records(Snapshot now, String topic) {
    return counts(now, topic).records();
  }

  private static String megabytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format("%,.1f MB", bytes / 1_048_576.0);
  }
}
