package io.pinpipe.sourcedb.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.exec.ManagedProcessException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a start that takes long says so, and how one that fails says why. */
class EmbeddedMariaDbStartTest {

  @Test
  void aStartThatIsStillWaitingSaysSoAgainAndAgainWithTheTimeWaited() {
    CountDownLatch twoReports = new CountDownLatch(2);
    List<Duration> reported = new CopyOnWriteArrayList<>();

    EmbeddedMariaDb.reportingWhileWaiting(
        Duration.ofMillis(20),
        waited -> {
          reported.add(waited);
          twoReports.countDown();
        },
        () -> {
          // The "server" becomes ready only once it has been reported waiting twice.
          try {
            if (!twoReports.await(30, TimeUnit.SECONDS)) {
              throw new ManagedProcessException("no progress was reported");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagedProcessException("interrupted");
          }
        });

    assertThat(reported).hasSizeGreaterThanOrEqualTo(2);
    assertThat(reported.get(1)).isGreaterThan(reported.get(0));
  }

  @Test
  void aStartThatFailsSaysItIsMariaDbAndWhy() {
    assertThatThrownBy(
            () ->
                EmbeddedMariaDb.reportingWhileWaiting(
                    Duration.ofSeconds(10),
                    waited -> {},
                    () -> {
                      throw new ManagedProcessException("mysqld exited with 1");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("MariaDB did not start: mysqld exited with 1");
  }

  @Test
  void aLiveServerMayTakeFarLongerToStartThanMariaDb4jsThirtySeconds() {
    // A busy laptop needed about 50 s; the wait still ends at once when the server process dies.
    assertThat(EmbeddedMariaDb.START_LIMIT).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
  }
}
