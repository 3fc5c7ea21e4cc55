package io.pinpipe.local.testing;

import io.pinpipe.local.connect.ConnectRest;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect worker in its own JVM, on the runtime the local pipeline ships
 * ({@code target/lib}), so a test can kill it the hard way: SIGKILL, no shutdown hook, no
 * final commit.
 */
public final class ChildConnectWorker implements AutoCloseable {

  private final Path directory;
  private final Map<String, String> config;
  private Process process;
  private int starts;

  public ChildConnectWorker(Path directory, Map<String, String> config) {
    this.directory = directory;
    this.config = config;
  }

  /** Starts the worker and returns once its REST API answers. */
  public ConnectRest start() throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path properties = directory.resolve("worker.properties");
    Properties worker = new Properties();
    worker.putAll(config);
    try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
      worker.store(writer, null);
    }
    Path target = Path.of(System.getProperty("pinpipe.distribution.dir", "target"));
    String classPath = target.resolve("lib").toAbsolutePath() + "/*";
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", classPath, "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString());
    starts++;
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("worker-" + starts + ".log").toFile())
        .start();
    ConnectRest rest = new ConnectRest(config.get("listeners").replace("0.0.0.0", "127.0.0.1"));
    Instant deadline = Instant.now().plusSeconds(90);
    while (true) {
      try {
        rest.connectorClasses();
        return rest;
      } catch (IOException notYet) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the worker did not start; see " + directory.resolve("worker-" + starts + ".log"), notYet);
        }
        // Polling interval, not synchronisation: the REST answer decides.
        TimeUnit.MILLISECONDS.sleep(250);
      }
    }
  }

  /** SIGKILL: the worker gets no chance to commit offsets or close anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
