package io.pinpipe.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {

  private final AtomicLong clock = new AtomicLong();
  private final ThreadFailures failures = new ThreadFailures(clock::get);

  @Test
  void replacesAFewThreadsThenShutsDownSayingWhy() {
    for (int i = 0; i < ThreadFailures.MAX_REPLACEMENTS; i++) {
      assertThat(failures.handle(new IllegalStateException("broker gone")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      clock.addAndGet(Duration.ofSeconds(30).toNanos());
    }
    assertThat(failures.fatal()).isEmpty();

    StreamThreadExceptionResponse last =
        failures.handle(new RuntimeException("task failed", new IOException("disk full")));

    assertThat(last).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.fatal())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("4 times within PT10M")
                    .contains("task failed")
                    .contains("disk full"));
  }

  @Test
  void failuresFurtherApartThanTheWindowAreEachReplaced() {
    for (int i = 0; i < 10; i++) {
      assertThat(failures.handle(new IllegalStateException("transient")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      clock.addAndGet(ThreadFailures.WINDOW.toNanos() / 2 + 1);
    }
    assertThat(failures.fatal()).isEmpty();
  }
}
