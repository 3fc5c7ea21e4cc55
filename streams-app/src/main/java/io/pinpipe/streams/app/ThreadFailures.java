package io.pinpipe.streams.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app does when a stream thread dies. Bad records never get here (they go to the DLQ):
 * this is the broker, the state directory or the app itself failing. A transient failure is
 * absorbed by a fresh thread, which resumes from the last committed transaction; but a
 * deterministic one would fail every fresh thread the same way, forever, while the process looked
 * alive. So at most {@value #MAX_REPLACEMENTS} threads are replaced within {@link #WINDOW}; the
 * next failure shuts the app down, {@link #fatal()} says why (the health endpoint shows it), and
 * the process exits non-zero so that systemd restarts it and the failure is visible.
 */
final class ThreadFailures implements StreamsUncaughtExceptionHandler {

  static final int MAX_REPLACEMENTS = 3;
  static final Duration WINDOW = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(ThreadFailures.class);

  private final LongSupplier nanoTime;
  private final Deque<Long> replacements = new ArrayDeque<>();
  private volatile String fatal;

  ThreadFailures() {
    this(System::nanoTime);
  }

  ThreadFailures(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
    long now = nanoTime.getAsLong();
    while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
      replacements.removeFirst();
    }
    if (replacements.size() < MAX_REPLACEMENTS) {
      replacements.addLast(now);
      LOG.error(
          "stream thread failed; replacing it ({} of {} replacements allowed in {})",
          replacements.size(),
          MAX_REPLACEMENTS,
          WINDOW,
          failure);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    fatal =
        String.format(
            "stream threads failed %d times within %s; the last failure: %s",
            MAX_REPLACEMENTS + 1, WINDOW, describe(failure));
    LOG.error("{}; shutting down", fatal, failure);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Why the app shut itself down, if it did. */
  Optional<String> fatal() {
    return Optional.ofNullable(fatal);
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure ? failure.toString() : failure + " (caused by " + root + ")";
  }
}
