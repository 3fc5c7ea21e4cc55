package io.pinpipe.connect.it;

import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.connect.PluginZips;
import io.pinpipe.support.process.ChildJvm;
import io.pinpipe.support.process.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect 3.7 worker (distributed mode) in its own JVM: the Connect runtime jars the build
 * laid out, and on its plugin path the plugin zip the build packaged, unpacked as MSK Connect
 * would. Our classes are not on the worker's class path, so the worker can only find the connector
 * through the zip. Being a process, it can be killed with SIGKILL.
 */
final class ConnectWorker implements AutoCloseable {

  private final ChildConnectWorker process;
  private final ConnectRest rest;
  private final Path log;

  private ConnectWorker(ChildConnectWorker process, ConnectRest rest, Path log) {
    this.process = process;
    this.rest = rest;
    this.log = log;
  }

  /** The plugin zip the build packaged, which Maven names to the ITs. */
  static Path pluginZip() {
    String zip = System.getProperty("pinpipe.plugin.zip");
    if (zip == null || !Files.exists(Path.of(zip))) {
      throw new IllegalStateException(
          "the plugin zip " + zip + " is missing: run the ITs through Maven (mvn verify)");
    }
    return Path.of(zip);
  }

  /** Unpacks the packaged plugin zip once into {@code directory}. */
  static synchronized Path unpackPlugin(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return directory;
    }
    return PluginZips.unpack(pluginZip(), directory);
  }

  static ConnectWorker start(
      Path workDirectory,
      String bootstrapServers,
      String groupId,
      boolean exactlyOnce,
      Path pluginPath)
      throws Exception {
    Files.createDirectories(workDirectory);
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("bootstrap.servers", bootstrapServers);
    worker.put("group.id", groupId);
    worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("key.converter.schemas.enable", "false");
    worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("value.converter.schemas.enable", "false");
    for (String store : List.of("offset", "config", "status")) {
      worker.put(store + ".storage.topic", groupId + "-" + store + "s");
      worker.put(store + ".storage.replication.factor", "1");
    }
    worker.put("offset.flush.interval.ms", "1000");
    worker.put("listeners", "http://127.0.0.1:" + FreePorts.next());
    worker.put("plugin.path", pluginPath.toAbsolutePath().toString());
    worker.put("plugin.discovery", "service_load");
    // A restarted worker gets the dead one's tasks at once instead of after 5 minutes.
    worker.put("scheduled.rebalance.max.delay.ms", "0");
    if (exactlyOnce) {
      worker.put("exactly.once.source.support", "enabled");
    }
    // Connect 3.7 logs through reload4j: its log goes to worker.log, which the tests read.
    Path log = workDirectory.resolve("worker.log");
    Path log4j = workDirectory.resolve("log4j.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "log4j.rootLogger=INFO, file",
            "log4j.appender.file=org.apache.log4j.FileAppender",
            "log4j.appender.file.File=" + log.toAbsolutePath(),
            "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.file.layout.ConversionPattern=%d %-5p [%t] %c{1} - %m%n",
            "log4j.logger.org.reflections=ERROR",
            "log4j.logger.org.apache.kafka.clients=WARN",
            ""));
    String runtime = System.getProperty("pinpipe.connect.runtime", "target/connect-runtime");
    ChildJvm.Launch launch =
        new ChildJvm.Launch(
            Path.of(runtime).toAbsolutePath() + "/*",
            List.of("-Xmx512m", "-Dlog4j.configuration=file:" + log4j.toAbsolutePath()));
    ChildConnectWorker process = new ChildConnectWorker(workDirectory, worker, launch);
    return new ConnectWorker(process, process.start(), log);
  }

  /**
   * Creates or updates connector {@code name} with {@code config}, whatever name the config carries
   * (the tests reuse configs made for validation); fails with the worker's answer when rejected.
   */
  void putConnector(String name, Map<String, String> config) throws IOException {
    Map<String, String> named = new LinkedHashMap<>(config);
    named.put("name", name);
    rest.putConnector(name, named);
  }

  /** The connector's and its tasks' states, e.g. [RUNNING, RUNNING]. */
  List<String> states(String name) throws IOException {
    return rest.states(name);
  }

  /** Waits until the connector and its tasks run; a failure says what the worker logged. */
  void awaitRunning(String name) throws IOException {
    try {
      rest.awaitRunning(name, Duration.ofSeconds(90));
    } catch (IllegalStateException e) {
      String log = log();
      throw new AssertionError(
          e.getMessage()
              + "; status "
              + rest.statusText(name)
              + "; worker log ends with:\n"
              + log.substring(Math.max(0, log.length() - 6000)),
          e);
    }
  }

  /** The worker's validation of a connector config: error messages by key. */
  Map<String, List<String>> validate(Map<String, String> config) throws IOException {
    return rest.validate("MySqlSourceConnector", config);
  }

  /** The worker's log so far, for assertions on what the connector said. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
