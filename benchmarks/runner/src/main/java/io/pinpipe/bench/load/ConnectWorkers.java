package io.pinpipe.bench.load;

import io.pinpipe.bench.jvm.GcLog;
import io.pinpipe.bench.layout.BenchPaths;
import io.pinpipe.local.connect.LocalConnect;
import io.pinpipe.support.connect.ChildConnectWorker;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.process.ChildJvm;
import io.pinpipe.support.process.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connect workers for the connector benchmarks: MSK Connect's version (3.7) in a JVM of its own per
 * measurement, configured as the shipped worker.properties says, with both our plugin and
 * Debezium's on its plugin path. A fresh group and fresh internal topics each time, so that no
 * connector of an earlier run comes back.
 */
public final class ConnectWorkers {

  /** The heap every JVM under test gets, the workers and the raw baseline alike. */
  public static final String HEAP = "-Xmx1g";

  private final BenchPaths paths;
  private final String bootstrapServers;
  private final Path plugins;

  public ConnectWorkers(BenchPaths paths, String bootstrapServers, Path work) throws IOException {
    this.paths = paths;
    this.bootstrapServers = bootstrapServers;
    this.plugins = LocalConnect.unpackPlugins(work.resolve("plugins"), List.of(paths.pluginZip()));
  }

  /**
   * A worker (not started) for measurement {@code id}, writing its log and GC log under {@code
   * directory}.
   */
  public ChildConnectWorker worker(String id, Path directory) throws IOException {
    Map<String, String> config =
        LocalConnect.workerConfig(
            bootstrapServers, FreePorts.next(), plugins, paths.debeziumPlugin());
    config.put("group.id", id);
    for (String store : List.of("offset", "config", "status")) {
      config.put(store + ".storage.topic", internalTopic(id, store));
    }
    return new ChildConnectWorker(
        directory,
        config,
        launch(
            paths.connectWorkerClassPath(),
            directory,
            "-Dlog4j.configuration=" + warningsToLog(directory).toUri()));
  }

  /**
   * Starts a worker for measurement {@code id} and puts {@code connector} on it (its name from the
   * config), returning once the connector and its tasks are RUNNING.
   */
  public ChildConnectWorker startWithConnector(
      String id, Path directory, Map<String, String> connector) throws Exception {
    ChildConnectWorker worker = worker(id, directory);
    ConnectRest rest = worker.start();
    rest.putConnector(connector.get("name"), connector);
    rest.awaitRunning(connector.get("name"), Duration.ofSeconds(60));
    return worker;
  }

  /**
   * Connect 3.7 logs through reload4j, which says nothing at all without a configuration: not even
   * why a task failed or why its producer keeps retrying. Warnings and errors go to the worker's
   * log; anything chattier would cost the measured JVM time.
   */
  private static Path warningsToLog(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.toAbsolutePath().resolve("log4j.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "log4j.rootLogger=WARN, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            ""));
    return file;
  }

  /**
   * How a measured JVM starts: the class path, the common heap, a GC log in {@code directory}, then
   * {@code moreOptions}.
   */
  public static ChildJvm.Launch launch(String classPath, Path directory, String... moreOptions) {
    List<String> options = new ArrayList<>(List.of(HEAP));
    options.addAll(GcLog.jvmOptions(gcLog(directory)));
    options.addAll(List.of(moreOptions));
    // For looking inside a run (a profiler, say):
    // PINPIPE_BENCH_CHILD_OPTS="-XX:StartFlightRecording=..."
    String extra = System.getenv("PINPIPE_BENCH_CHILD_OPTS");
    if (extra != null && !extra.isBlank()) {
      options.addAll(List.of(extra.trim().split("\\s+")));
    }
    return new ChildJvm.Launch(classPath, options);
  }

  public static Path gcLog(Path directory) {
    return directory.toAbsolutePath().resolve("gc.log");
  }

  /** Names of a worker's internal topics, to delete after the run. */
  public static List<String> internalTopics(String id) {
    return List.of("offset", "config", "status").stream()
        .map(store -> internalTopic(id, store))
        .toList();
  }

  private static String internalTopic(String id, String store) {
    return id + "-" + store + "s";
  }
}
