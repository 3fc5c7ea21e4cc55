package io.pinpipe.local.pipeline;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.emulator.EmulatorSettings;
import io.pinpipe.sourcedb.emulator.PostSource;
import io.pinpipe.sourcedb.emulator.PostingEmulator;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The pipeline on one machine, on embedded defaults. This release starts the source side: the
 * embedded MariaDB (or an external database), the schema, the real sample and optional synthetic
 * posts, and the emulator posting new ones. Kafka, Connect, S3 and the Streams app join it as
 * those parts land.
 */
public final class LocalPipeline implements AutoCloseable {

  private static final int SYNTHETIC_SEED = 2024;

  private final LocalPipelineOptions options;
  private final PrintWriter out;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private EmbeddedMariaDb embedded;
  private SourceDatabase database;
  private PostingEmulator emulator;
  private long postsBeforeEmulator;
  private long startedAt;

  public LocalPipeline(LocalPipelineOptions options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Starts every component and loads the data; returns once the emulator may start. */
  public void start() throws IOException, SQLException {
    startedAt = System.nanoTime();
    Path dataDirectory = options.dataDirectory().toAbsolutePath();
    if (options.clean()) {
      deleteRecursively(dataDirectory);
    }
    Files.createDirectories(dataDirectory);
    database = options.externalDatabase().orElseGet(() -> startEmbeddedDatabase(dataDirectory));
    try (Connection connection = database.open()) {
      SourceSchema.apply(connection);
      postsBeforeEmulator = PostReader.count(connection, SourceTable.PIN);
    }
    if (postsBeforeEmulator == 0) {
      List<Post> sample = SampleData.posts();
      step("Loading the real sample (%d posts)", sample.size());
      new PostLoader(database).load(sample);
      if (options.syntheticPosts() > 0) {
        int first = sample.stream().mapToInt(Post::number).max().orElse(0) + 1;
        step("Loading %,d synthetic posts (numbers %d..)", options.syntheticPosts(), first);
        long loadStarted = System.nanoTime();
        new PostLoader(database).load(new PostGenerator(SYNTHETIC_SEED).posts(first, options.syntheticPosts()));
        double seconds = (System.nanoTime() - loadStarted) / 1e9;
        step("Loaded in %.1f s (%,.0f posts/s)", seconds, options.syntheticPosts() / seconds);
      }
      postsBeforeEmulator = sample.size() + (long) options.syntheticPosts();
    } else {
      step("Database already holds %,d posts: keeping them (use --clean to start afresh)", postsBeforeEmulator);
    }
  }

  /**
   * Posts until the requested number is in or {@link #requestStop()} is called, then (without
   * {@code --exit}) keeps everything up until {@link #requestStop()}.
   */
  public PostingEmulator.Result runEmulator() throws SQLException, InterruptedException {
    EmulatorSettings settings =
        EmulatorSettings.defaults().withRate(options.postsPerSecond()).withPosts(options.posts());
    PostSource content =
        options.syntheticPosts() > 0
            ? PostSource.synthetic(new PostGenerator(SYNTHETIC_SEED + 1))
            : PostSource.cycling(SampleData.posts());
    emulator = new PostingEmulator(database, content, settings);
    step("Emulator posting at %s", options.postsPerSecond() == 0 ? "full speed" : options.postsPerSecond() + " posts/s");
    PostingEmulator.Result result = emulator.run();
    if (!options.exitWhenDone() && stopRequested.getCount() > 0) {
      step("Requested posts are in; everything stays up until Ctrl-C");
      stopRequested.await();
    }
    return result;
  }

  /** Asks the emulator to stop; {@link #runEmulator()} then returns. */
  public void requestStop() {
    stopRequested.countDown();
    if (emulator != null) {
      emulator.stop();
    }
  }

  /** The live progress block. */
  public List<String> progress() {
    long posted = emulator == null ? 0 : emulator.inserted();
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    List<String> lines = new ArrayList<>();
    lines.add(String.format("PinPipe local  %s  up %.0f s", database == null ? "starting" : database.jdbcUrl(), seconds));
    lines.add(String.format("  posts in database   %,12d", postsBeforeEmulator + posted));
    lines.add(String.format("  posted this run     %,12d   highest post number %d", posted, emulator == null ? 0 : emulator.highestNumber()));
    return lines;
  }

  /** Rows per table, counted in the database. */
  public Map<String, Long> rowCounts() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = database.open()) {
      for (SourceTable<?> table : SourceTable.ALL) {
        counts.put(table.name(), PostReader.count(connection, table));
      }
    }
    return counts;
  }

  public SourceDatabase database() {
    return database;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
  }

  private SourceDatabase startEmbeddedDatabase(Path dataDirectory) {
    step("Starting MariaDB (first start unpacks it: about 10 s)");
    embedded =
        EmbeddedMariaDb.start(
            new EmbeddedMariaDb.Settings(dataDirectory.resolve("mariadb"), options.databasePort(), "pinterest", List.of()));
    return embedded.database();
  }

  private void step(String format, Object... args) {
    out.printf("==> " + format + "%n", args);
    out.flush();
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** How long to wait for a clean stop after Ctrl-C. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
}
