package io.pinpipe.connect.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Waits on a condition with a deadline: the tests' only way to wait. */
final class Await {

  private Await() {}

  static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.call()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      // Polling interval, not synchronisation: the condition decides.
      Thread.sleep(250);
    }
  }
}
