package io.pinpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.connect.jdbc.ConnectionSource;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task's handling of a database it cannot reach, on a mock clock and a connection source that
 * fails as told: no database, no real waits. Reading rows is covered against MariaDB ({@code
 * TableReaderIT}, {@code MySqlSourceConnectorIT}).
 */
class MySqlSourceTaskTest {

  private static final SQLException UNREACHABLE =
      new SQLException("Could not connect to db.example:3306", "08S01", 2003);
  private static final SQLException ACCESS_DENIED =
      new SQLException("Access denied for user 'pinpipe'", "28000", 1045);

  private final MockTime time = new MockTime();
  private final AtomicInteger opens = new AtomicInteger();
  private MySqlSourceTask task;

  private MySqlSourceTask started(SQLException failure, Map<String, String> overrides) {
    ConnectionSource failing =
        () -> {
          opens.incrementAndGet();
          throw failure;
        };
    Map<String, String> config = new HashMap<>();
    config.put("name", "pinpipe-mysql-source");
    config.put("connection.url", "jdbc:mysql://db.example:3306/pinterest");
    config.put("tables", "pinterest_data");
    config.put("retry.backoff.ms", "100");
    config.put("retry.backoff.max.ms", "2000");
    config.putAll(overrides);
    task = new MySqlSourceTask(time, settings -> failing);
    task.start(config);
    return task;
  }

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void anOutageIsRetriedWithGrowingWaitsWhilePollKeepsReturningWithinASecond() throws Exception {
    MySqlSourceTask outage = started(UNREACHABLE, Map.of());
    long start = time.milliseconds();
    for (int poll = 0; poll < 40; poll++) {
      long before = time.milliseconds();
      assertThat(outage.poll()).as("poll %d during the outage", poll).isNull();
      // Connect pauses and stops tasks between polls: none may block longer than a second.
      assertThat(time.milliseconds() - before)
          .as("poll %d blocked", poll)
          .isLessThanOrEqualTo(1_000);
    }
    long waited = time.milliseconds() - start;
    assertThat(opens.get()).as("tries to connect").isGreaterThan(5);
    // Backoff from 100 ms up to 2 s: far fewer tries than a fixed 100 ms retry would make.
    assertThat(opens.get())
        .as("tries to connect in %d ms", waited)
        .isLessThan((int) (waited / 100 / 2));
  }

  @Test
  void givesUpAfterTheConfiguredNumberOfRetriesNamingTheError() {
    MySqlSourceTask outage = started(UNREACHABLE, Map.of("transient.error.retries", "3"));
    assertThatThrownBy(
            () -> {
              for (int poll = 0; poll < 100; poll++) {
                outage.poll();
              }
            })
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("giving up after 3 retries")
        .hasMessageContaining("SQLState 08S01, error 2003");
    assertThat(opens.get()).isEqualTo(4);
  }

  @Test
  void anErrorThatWaitingCannotHealFailsTheTaskAtOnceWithItsCause() {
    MySqlSourceTask denied = started(ACCESS_DENIED, Map.of());
    assertThatThrownBy(denied::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("retrying will not help")
        .hasMessageContaining("SQLState 28000, error 1045: Access denied")
        .hasCause(ACCESS_DENIED);
    assertThat(opens.get()).isEqualTo(1);
  }

  @Test
  void aStopDuringAnOutageEndsThePollsQuietly() throws Exception {
    MySqlSourceTask outage = started(UNREACHABLE, Map.of("transient.error.retries", "1"));
    assertThat(outage.poll()).isNull();
    outage.stop();
    // One retry allowed and used: were the stop not heeded, the next failure would fail the task.
    for (int poll = 0; poll < 5; poll++) {
      time.sleep(5_000);
      assertThat(outage.poll()).isNull();
    }
  }
}
