package io.pinpipe.sourcedb.post;

import io.pinpipe.sourcedb.SourceDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Bulk-loads posts under their own numbers: multi-row INSERTs of {@code batchSize} posts, the three
 * tables written side by side on three connections, one short transaction per batch and table.
 * Memory holds one batch at a time.
 */
public final class PostLoader {

  /** Rows per INSERT: large enough to amortise round trips, well under the 65,535-parameter cap. */
  public static final int DEFAULT_BATCH_SIZE = 2_000;

  private final SourceDatabase database;
  private final int batchSize;
  private final boolean pinsOnly;

  public PostLoader(SourceDatabase database, int batchSize) {
    this(database, batchSize, false);
  }

  private PostLoader(SourceDatabase database, int batchSize, boolean pinsOnly) {
    if (batchSize < 1 || batchSize * SourceTable.PIN.columns().size() > 65_535) {
      throw new IllegalArgumentException(
          "batchSize must be between 1 and "
              + 65_535 / SourceTable.PIN.columns().size()
              + ", got "
              + batchSize);
    }
    this.database = database;
    this.batchSize = batchSize;
    this.pinsOnly = pinsOnly;
  }

  public PostLoader(SourceDatabase database) {
    this(database, DEFAULT_BATCH_SIZE);
  }

  /**
   * The same loader writing only {@code pinterest_data}: for a benchmark that reads that table
   * alone.
   */
  public PostLoader pinsOnly() {
    return new PostLoader(database, batchSize, true);
  }

  /** Loads every post; returns how many were inserted. */
  public long load(Iterator<Post> posts) throws SQLException {
    ExecutorService writers = Executors.newFixedThreadPool(3);
    try (TableWriter<PinRow> pins = new TableWriter<>(SourceTable.PIN, Post::pin);
        TableWriter<GeoRow> geos = new TableWriter<>(SourceTable.GEO, Post::geo);
        TableWriter<UserRow> users = new TableWriter<>(SourceTable.USER, Post::user)) {
      long loaded = 0;
      List<Future<Void>> writes = List.of();
      List<Post> batch = nextBatch(posts);
      while (!batch.isEmpty()) {
        List<Post> current = batch;
        writes =
            pinsOnly
                ? List.of(writers.submit(() -> pins.write(current)))
                : List.of(
                    writers.submit(() -> pins.write(current)),
                    writers.submit(() -> geos.write(current)),
                    writers.submit(() -> users.write(current)));
        // Build the next batch while the database writes this one.
        batch = nextBatch(posts);
        for (Future<Void> write : writes) {
          await(write);
        }
        loaded += current.size();
      }
      return loaded;
    } finally {
      writers.shutdownNow();
    }
  }

  private List<Post> nextBatch(Iterator<Post> posts) {
    List<Post> batch = new ArrayList<>(batchSize);
    while (posts.hasNext() && batch.size() < batchSize) {
      batch.add(posts.next());
    }
    return batch;
  }

  public long load(Iterable<Post> posts) throws SQLException {
    return load(posts.iterator());
  }

  private static void await(Future<Void> write) throws SQLException {
    try {
      write.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException(
          "bulk load failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bulk load interrupted", e);
    }
  }

  /** One table's connection: writes that table's part of each batch and commits it. */
  private final class TableWriter<R> implements AutoCloseable {
    private final SourceTable<R> table;
    private final Function<Post, R> part;
    private final Connection connection;

    TableWriter(SourceTable<R> table, Function<Post, R> part) throws SQLException {
      this.table = table;
      this.part = part;
      this.connection = database.open();
      this.connection.setAutoCommit(false);
    }

    Void write(List<Post> posts) throws SQLException {
      PostWriter.insertRows(connection, table, posts.stream().map(part).toList());
      connection.commit();
      return null;
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }
}
