package io.pinpipe.sourcedb.emulator;

import java.time.Duration;

/**
 * How the emulator posts.
 *
 * @param postsPerSecond target rate over all connections; 0 posts as fast as the database takes
 * @param posts how many posts to make before stopping; 0 goes on until stopped
 * @param connections concurrent posters, each with its own connection; more than one lets post
 *     numbers commit out of order, as on the real app
 * @param transactions whether a post's three rows commit together or one by one
 * @param maxCommitDelay each commit waits a random time up to this long before it is made, which
 *     holds post numbers open while later ones commit
 * @param seed seeds the commit delays (and nothing else: content comes from the source)
 */
public record EmulatorSettings(
    double postsPerSecond,
    long posts,
    int connections,
    Transactions transactions,
    Duration maxCommitDelay,
    long seed) {

  /** How a post's three rows are committed. */
  public enum Transactions {
    /** One transaction for the pin, geo and user rows of a post. */
    PER_POST,
    /** Three transactions: pin, then geo, then user, each committed on its own. */
    PER_ROW
  }

  public static final int MAX_CONNECTIONS = 64;

  public EmulatorSettings {
    if (!(postsPerSecond >= 0) || Double.isInfinite(postsPerSecond)) {
      throw new IllegalArgumentException(
          "rate must be a number >= 0 posts per second, got " + postsPerSecond);
    }
    if (posts < 0) {
      throw new IllegalArgumentException("posts must be >= 0 (0 = until stopped), got " + posts);
    }
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          "connections must be between 1 and " + MAX_CONNECTIONS + ", got " + connections);
    }
    if (transactions == null) {
      throw new IllegalArgumentException("transactions must be PER_POST or PER_ROW");
    }
    if (maxCommitDelay == null || maxCommitDelay.isNegative()) {
      throw new IllegalArgumentException("commit delay must be >= 0, got " + maxCommitDelay);
    }
  }

  /** One connection, one transaction per post, no delays: the original emulator's behaviour. */
  public static EmulatorSettings defaults() {
    return new EmulatorSettings(0, 0, 1, Transactions.PER_POST, Duration.ZERO, 1L);
  }

  public EmulatorSettings withRate(double newPostsPerSecond) {
    return new EmulatorSettings(
        newPostsPerSecond, posts, connections, transactions, maxCommitDelay, seed);
  }

  public EmulatorSettings withPosts(long newPosts) {
    return new EmulatorSettings(
        postsPerSecond, newPosts, connections, transactions, maxCommitDelay, seed);
  }

  public EmulatorSettings withConnections(int newConnections) {
    return new EmulatorSettings(
        postsPerSecond, posts, newConnections, transactions, maxCommitDelay, seed);
  }

  public EmulatorSettings withTransactions(Transactions newTransactions) {
    return new EmulatorSettings(
        postsPerSecond, posts, connections, newTransactions, maxCommitDelay, seed);
  }

  public EmulatorSettings withMaxCommitDelay(Duration newMaxCommitDelay) {
    return new EmulatorSettings(
        postsPerSecond, posts, connections, transactions, newMaxCommitDelay, seed);
  }
}
