package io.pinpipe.sourcedb.post;

import io.pinpipe.sourcedb.SourceDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Bulk-loads posts under their own numbers: multi-row INSERTs of {@code batchSize} posts per
 * table, one short transaction per batch, so a million posts load in seconds and memory holds one
 * batch at a time.
 */
public final class PostLoader {

  /** Rows per INSERT: large enough to amortise round trips, well under the 65,535-parameter cap. */
  public static final int DEFAULT_BATCH_SIZE = 2_000;

  private final SourceDatabase database;
  private final int batchSize;

  public PostLoader(SourceDatabase database, int batchSize) {
    if (batchSize < 1 || batchSize * SourceTable.PIN.columns().size() > 65_535) {
      throw new IllegalArgumentException(
          "batchSize must be between 1 and " + 65_535 / SourceTable.PIN.columns().size()
              + ", got " + batchSize);
    }
    this.database = database;
    this.batchSize = batchSize;
  }

  public PostLoader(SourceDatabase database) {
    this(database, DEFAULT_BATCH_SIZE);
  }

  /** Loads every post; returns how many were inserted. */
  public long load(Iterator<Post> posts) throws SQLException {
    long loaded = 0;
    try (Connection connection = database.open()) {
      connection.setAutoCommit(false);
      List<Post> batch = new ArrayList<>(batchSize);
      while (posts.hasNext()) {
        batch.add(posts.next());
        if (batch.size() == batchSize) {
          loaded += flush(connection, batch);
        }
      }
      loaded += flush(connection, batch);
    }
    return loaded;
  }

  public long load(Iterable<Post> posts) throws SQLException {
    return load(posts.iterator());
  }

  private static int flush(Connection connection, List<Post> batch) throws SQLException {
    int size = batch.size();
    if (size > 0) {
      PostWriter.insertAll(connection, batch);
      connection.commit();
      batch.clear();
    }
    return size;
  }
}
