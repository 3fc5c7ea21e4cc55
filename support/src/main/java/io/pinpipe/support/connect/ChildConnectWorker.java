package io.pinpipe.support.connect;

import io.pinpipe.support.process.ChildJvm;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka Connect worker in its own JVM ({@link ChildJvm}), restartable with the same config, on
 * the Connect runtime its {@link ChildJvm.Launch} names: the one the local pipeline ships, or MSK
 * Connect's 3.7 for the connector's tests and the benchmarks.
 */
public final class ChildConnectWorker implements AutoCloseable {

  private final Path directory;
  private final Map<String, String> config;
  private final ChildJvm.Launch launch;
  private ChildJvm jvm;
  private int starts;

  public ChildConnectWorker(Path directory, Map<String, String> config, ChildJvm.Launch launch) {
    this.directory = directory;
    this.config = config;
    this.launch = launch;
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
    starts++;
    jvm =
        ChildJvm.start(
            directory.resolve("worker-" + starts + ".log"),
            launch,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            properties.toString());
    ConnectRest rest = new ConnectRest(restUrl());
    try {
      rest.awaitUp(Duration.ofSeconds(90), jvm::isAlive);
    } catch (IllegalStateException notUp) {
      throw new IllegalStateException("the worker did not start; see " + jvm.log(), notUp);
    }
    return rest;
  }

  /** The worker's REST API, as its {@code listeners} say: {@code http://host:port}. */
  public String restUrl() {
    return config.get("listeners");
  }

  /** The running worker's process, as the operating system sees it. */
  public ProcessHandle handle() {
    if (jvm == null) {
      throw new IllegalStateException("the worker has not been started");
    }
    return jvm.handle();
  }

  /** SIGKILL: the worker gets no chance to commit offsets or close anything. */
  public void kill() throws InterruptedException {
    jvm.kill();
  }

  @Override
  public void close() throws InterruptedException {
    if (jvm != null) {
      jvm.close();
    }
  }
}
