package io.pinpipe.local.reliability;

import java.time.Duration;

/**
 * How big the reliability suite runs: {@code ci} (the default, within the build's time budget)
 * or {@code full} ({@code -Dpinpipe.reliability=full}, the sizes the issue asks for).
 *
 * @param initialPosts synthetic posts loaded before the connector starts
 * @param livePosts posts the emulator makes during each scenario
 * @param rate the emulator's posts per second during faults (0 = as fast as it goes)
 * @param outage how long the database and the S3 endpoint stay down
 * @param catchUp how long the pipeline may take to catch up after a fault before the suite fails
 */
record Scale(String name, int initialPosts, long livePosts, double rate, Duration outage, Duration catchUp) {

  static final Scale CI = new Scale("ci", 2_000, 150, 50, Duration.ofSeconds(10), Duration.ofMinutes(3));
  static final Scale FULL = new Scale("full", 1_000_000, 100_000, 0, Duration.ofSeconds(60), Duration.ofMinutes(30));

  static Scale current() {
    return "full".equals(System.getProperty("pinpipe.reliability", "ci")) ? FULL : CI;
  }

  @Override
  public String toString() {
    return String.format("%s: %,d initial posts, %,d live posts per scenario at %s, outages of %d s",
        name, initialPosts, livePosts, rate == 0 ? "full speed" : rate + " posts/s", outage.toSeconds());
  }
}
