package io.pinpipe.reliability;

import java.time.Duration;

/**
 * How big the reliability suite runs: {@code ci} (the default, within the build's time budget)
 * {@code medium} or {@code full} ({@code -Dpinpipe.reliability=full}: a million posts, 60 s
 * outages).
 *
 * @param initialPosts synthetic posts loaded before the connector starts
 * @param livePosts posts the emulator makes during each scenario
 * @param rate the emulator's posts per second during faults (0 = as fast as it goes)
 * @param outage how long the database and the S3 endpoint stay down
 * @param catchUp how long the pipeline may take to catch up after a fault before the suite fails
 */
record Scale(
    String name, int initialPosts, long livePosts, double rate, Duration outage, Duration catchUp) {

  static final Scale CI =
      new Scale("ci", 2_000, 150, 50, Duration.ofSeconds(10), Duration.ofMinutes(3));
  static final Scale FULL =
      new Scale("full", 1_000_000, 100_000, 0, Duration.ofSeconds(60), Duration.ofMinutes(30));

  /** Between the two, for a quicker look at a larger load. */
  static final Scale MEDIUM =
      new Scale("medium", 100_000, 5_000, 200, Duration.ofSeconds(30), Duration.ofMinutes(15));

  static Scale current() {
    return switch (System.getProperty("pinpipe.reliability", "ci")) {
      case "full" -> FULL;
      case "medium" -> MEDIUM;
      default -> CI;
    };
  }

  @Override
  public String toString() {
    return String.format(
        "%s: %,d initial posts, %,d live posts per scenario at %s, outages of %d s",
        name,
        initialPosts,
        livePosts,
        rate == 0 ? "full speed" : rate + " posts/s",
        outage.toSeconds());
  }
}
