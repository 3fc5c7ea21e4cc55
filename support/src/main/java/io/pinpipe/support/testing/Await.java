package io.pinpipe.support.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits on a condition with a deadline: the only way the ITs wait. The condition decides; the short
 * pause between checks only spares the CPU.
 */
public final class Await {

  private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

  private Await() {}

  public static void until(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.call()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      LockSupport.parkNanos(CHECK_INTERVAL.toNanos());
    }
  }
}
