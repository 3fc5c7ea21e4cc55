package io.pinpipe.sourcedb.emulator;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.PostWriter;
import io.pinpipe.sourcedb.post.SourceTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The successor of the original {@code user_posting_emulation.py}: keeps inserting new posts (a row
 * in each of the three tables, one number) into any MySQL-compatible database, at a set rate or as
 * fast as it goes, until stopped or after a set number of posts.
 *
 * <p>Post numbers come from {@code pinterest_data}'s AUTO_INCREMENT at insert time, so with several
 * connections and commit delays, numbers commit out of order exactly as they do behind the real
 * app. A lost connection is retried with backoff; the post being written is then written again
 * under a new number, so the database, not this class's counter, is the truth on what landed.
 */
public final class PostingEmulator {

  private static final Logger LOG = LoggerFactory.getLogger(PostingEmulator.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final SourceDatabase database;
  private final PostSource source;
  private final EmulatorSettings settings;
  private final AtomicLong claimed = new AtomicLong();
  private final AtomicLong inserted = new AtomicLong();
  private final AtomicLong highestNumber = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stopping;
  private volatile CommitListener commitListener = number -> {};
  private final List<Thread> posters = new ArrayList<>();

  /** What a finished run did. */
  public record Result(long posts, Duration elapsed) {

    public double postsPerSecond() {
      return elapsed.isZero() ? 0 : posts * 1e9 / elapsed.toNanos();
    }
  }

  /** Told of each post as soon as all its rows are committed, on the thread that wrote it. */
  @FunctionalInterface
  public interface CommitListener {
    void committed(int number);
  }

  public PostingEmulator(SourceDatabase database, PostSource source, EmulatorSettings settings) {
    this.database = database;
    this.source = source;
    this.settings = settings;
  }

  /**
   * {@link #run()} on a thread of its own, for a caller that measures or injects faults meanwhile:
   * the future ends with the result, or with the error that ended the posting.
   */
  public CompletableFuture<Result> runInBackground() {
    CompletableFuture<Result> result = new CompletableFuture<>();
    Thread posting =
        new Thread(
            () -> {
              try {
                result.complete(run());
              } catch (Exception | Error e) {
                result.completeExceptionally(e);
              }
            },
            "posting-emulator");
    posting.setDaemon(true);
    posting.start();
    return result;
  }

  /**
   * Posts until the set number is reached or {@link #stop()} is called, then returns.
   *
   * @throws SQLException when a poster met an error that retrying cannot fix (bad credentials, a
   *     missing table)
   */
  public Result run() throws SQLException, InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < settings.connections(); i++) {
      SplittableRandom delays = new SplittableRandom(settings.seed() * 31 + i);
      Thread poster = new Thread(() -> post(start, delays), "emulator-poster-" + i);
      poster.setDaemon(true);
      posters.add(poster);
      poster.start();
    }
    for (Thread poster : posters) {
      poster.join();
    }
    Throwable error = failure.get();
    if (error instanceof SQLException sql) {
      throw sql;
    } else if (error != null) {
      throw new IllegalStateException("the emulator failed: " + error.getMessage(), error);
    }
    return new Result(inserted.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Sets who hears of each committed post (the benchmarks time a post from its commit); call before
   * {@link #run()}. It must be quick: it runs between one post and the next.
   */
  public PostingEmulator onCommit(CommitListener listener) {
    commitListener = listener;
    return this;
  }

  /** Asks the posters to stop after the post they are writing; {@link #run()} then returns. */
  public void stop() {
    stopping = true;
    posters.forEach(LockSupport::unpark);
  }

  /** Posts committed so far (all three rows). */
  public long inserted() {
    return inserted.get();
  }

  /** The highest post number committed so far. */
  public long highestNumber() {
    return highestNumber.get();
  }

  private void post(long start, SplittableRandom delays) {
    Duration backoff = Duration.ofMillis(100);
    Connection connection = null;
    try {
      long sequence;
      while (!stopping && failure.get() == null && (sequence = claim()) >= 0) {
        waitForSlot(start, sequence);
        Post content = source.content(sequence);
        boolean written = false;
        while (!written && !stopping) {
          try {
            if (connection == null) {
              connection = database.open();
              connection.setAutoCommit(false);
            }
            int number = write(connection, content, delays);
            commitListener.committed(number);
            inserted.incrementAndGet();
            highestNumber.accumulateAndGet(number, Math::max);
            written = true;
            backoff = Duration.ofMillis(100);
          } catch (SQLException e) {
            if (!isConnectionProblem(e)) {
              throw e;
            }
            LOG.warn(
                "database unreachable ({}); retrying in {} ms", e.getMessage(), backoff.toMillis());
            closeQuietly(connection);
            connection = null;
            LockSupport.parkNanos(backoff.toNanos());
            backoff =
                backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                    ? MAX_BACKOFF
                    : backoff.multipliedBy(2);
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      closeQuietly(connection);
    }
  }

  /** The next post to write, or -1 when the set number has been claimed. */
  private long claim() {
    long sequence = claimed.getAndIncrement();
    return settings.posts() > 0 && sequence >= settings.posts() ? -1 : sequence;
  }

  private void waitForSlot(long start, long sequence) {
    if (settings.postsPerSecond() == 0) {
      return;
    }
    long due = start + (long) (sequence * 1e9 / settings.postsPerSecond());
    long wait;
    while (!stopping && (wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private int write(Connection connection, Post content, SplittableRandom delays)
      throws SQLException {
    try {
      int number = PostWriter.insertPinWithNewNumber(connection, content.pin());
      Post post = content.withNumber(number);
      if (settings.transactions() == EmulatorSettings.Transactions.PER_ROW) {
        commitAfterDelay(connection, delays);
      }
      PostWriter.insertRows(connection, SourceTable.GEO, List.of(post.geo()));
      if (settings.transactions() == EmulatorSettings.Transactions.PER_ROW) {
        commitAfterDelay(connection, delays);
      }
      PostWriter.insertRows(connection, SourceTable.USER, List.of(post.user()));
      commitAfterDelay(connection, delays);
      return number;
    } catch (SQLException e) {
      rollbackQuietly(connection);
      throw e;
    }
  }

  private void commitAfterDelay(Connection connection, SplittableRandom delays)
      throws SQLException {
    long maxNanos = settings.maxCommitDelay().toNanos();
    if (maxNanos > 0) {
      LockSupport.parkNanos(delays.nextLong(maxNanos + 1));
    }
    connection.commit();
  }

  /** SQLState class 08 is "connection exception": the server went away or is not there yet. */
  private static boolean isConnectionProblem(SQLException e) {
    String state = e.getSQLState();
    return (state != null && state.startsWith("08"))
        || e instanceof java.sql.SQLTransientConnectionException
        || e instanceof java.sql.SQLRecoverableException;
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken: the caller reconnects, the server drops the transaction.
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a broken connection: nothing left to release.
      }
    }
  }
}
