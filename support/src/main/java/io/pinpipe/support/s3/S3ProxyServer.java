package io.pinpipe.support.s3;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * s3proxy with its filesystem backend, as a child JVM: a real S3 endpoint whose buckets are
 * directories and whose objects are plain files under {@code data/}. It runs out of process because
 * its Jetty and Jackson clash with Kafka's in one JVM.
 *
 * <p>The access key pair is made up on first start and kept in {@code credentials.properties}
 * (owner-readable only), which the S3 sink reads through Kafka's FileConfigProvider: no secret in
 * any connector config or log.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** Keys of {@link #credentialsFile()}, named as the S3 sink's config keys. */
  public static final String ACCESS_KEY = "aws.access.key.id";

  public static final String SECRET_KEY = "aws.secret.access.key";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final Path jar;
  private final int port;
  private final Properties credentials;
  private Process process;

  private S3ProxyServer(Path directory, Path jar, int port, Properties credentials) {
    this.directory = directory;
    this.jar = jar;
    this.port = port;
    this.credentials = credentials;
  }

  /**
   * Starts s3proxy on {@code port} over {@code directory}/data; returns once it accepts
   * connections.
   */
  public static S3ProxyServer start(Path directory, Path jar, int port) throws IOException {
    Files.createDirectories(directory.resolve("data"));
    S3ProxyServer server =
        new S3ProxyServer(
            directory, jar, port, credentials(directory.resolve("credentials.properties")));
    server.startProcess();
    return server;
  }

  private static Properties credentials(Path file) throws IOException {
    Properties credentials = new Properties();
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        credentials.load(reader);
      }
      return credentials;
    }
    SecureRandom random = new SecureRandom();
    credentials.setProperty(
        ACCESS_KEY, "pinpipe-" + HexFormat.of().formatHex(random.generateSeed(6)));
    credentials.setProperty(SECRET_KEY, HexFormat.of().formatHex(random.generateSeed(20)));
    Files.createFile(file);
    restrictToOwner(file);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      credentials.store(writer, "Local s3proxy access key pair, made up on first start");
    }
    return credentials;
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the data directory's own permissions apply.
    }
  }

  /** Starts the process again over the same files (after {@link #stopProcess()}: an outage). */
  public void startProcess() throws IOException {
    Path properties = directory.resolve("s3proxy.properties");
    Properties config = new Properties();
    config.setProperty("s3proxy.endpoint", url());
    config.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    config.setProperty("s3proxy.identity", credentials.getProperty(ACCESS_KEY));
    config.setProperty("s3proxy.credential", credentials.getProperty(SECRET_KEY));
    config.setProperty("jclouds.provider", "filesystem");
    config.setProperty("jclouds.filesystem.basedir", dataDirectory().toAbsolutePath().toString());
    Files.deleteIfExists(properties);
    Files.createFile(properties);
    restrictToOwner(properties);
    try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
      config.store(writer, "written by pinpipe at every start");
    }
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // s3proxy streams objects; a small heap is plenty and keeps the pipeline's memory
            // budget.
            "-Xmx160m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            jar.toString(),
            "--properties",
            properties.toString());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
            .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!listening()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy exited with "
                + process.exitValue()
                + "; see "
                + directory.resolve("s3proxy.log"));
      }
      if (Instant.now().isAfter(deadline)) {
        stopProcess();
        throw new IllegalStateException(
            "s3proxy did not open port " + port + " within " + START_TIMEOUT.toSeconds() + " s");
      }
      try {
        // Polling interval, not synchronisation: the open port decides.
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopProcess();
        throw new IllegalStateException("interrupted while s3proxy started", e);
      }
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Where the buckets are, one directory each. */
  public Path dataDirectory() {
    return directory.resolve("data");
  }

  /** The access key pair, for {@code ${file:...}} references in connector configs. */
  public Path credentialsFile() {
    return directory.resolve("credentials.properties");
  }

  public String accessKey() {
    return credentials.getProperty(ACCESS_KEY);
  }

  public String secretKey() {
    return credentials.getProperty(SECRET_KEY);
  }

  /** The s3proxy process, for reading its resident memory. */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Stops the process and keeps its files: an S3 outage, until {@link #startProcess()}. */
  public void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stopProcess();
    }
  }
}
