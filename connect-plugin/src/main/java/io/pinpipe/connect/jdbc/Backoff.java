package io.pinpipe.connect.jdbc;

import java.util.SplittableRandom;

/**
 * Exponential backoff with full jitter between a first and a longest wait: the n-th wait is uniform
 * in [initial, min(max, initial * 2^n)], so tasks of many connectors do not hammer a recovering
 * database in step.
 */
public final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private final SplittableRandom random;
  private int failures;

  public Backoff(long initialMs, long maxMs, long seed) {
    this.initialMs = initialMs;
    this.maxMs = Math.max(initialMs, maxMs);
    this.random = new SplittableRandom(seed);
  }

  /** The wait after one more failure. */
  public long nextDelayMs() {
    long ceiling = initialMs << Math.min(failures, 30);
    if (ceiling <= 0 || ceiling > maxMs) {
      ceiling = maxMs;
    }
    failures++;
    return ceiling == initialMs ? initialMs : initialMs + random.nextLong(ceiling - initialMs + 1);
  }

  public int failures() {
    return failures;
  }

  public void reset() {
    failures = 0;
  }
}
