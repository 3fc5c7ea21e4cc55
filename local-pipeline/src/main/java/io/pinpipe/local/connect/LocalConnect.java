package io.pinpipe.local.connect;

import io.pinpipe.deploy.BundleFiles;
import io.pinpipe.local.layout.Directories;
import io.pinpipe.support.connect.ConnectRest;
import io.pinpipe.support.connect.PluginZips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A Kafka Connect worker in this JVM, configured from the MSK Connect worker properties with local
 * addresses. It loads connectors only from {@code plugin.path}, as MSK Connect does: the plugin
 * zips the build made are unpacked there at every start, and a second directory holds plugins the
 * user adds (Confluent's S3 sink, say).
 */
public final class LocalConnect implements AutoCloseable {

  private final Connect<?> connect;
  private final ConnectRest rest;

  private LocalConnect(Connect<?> connect, ConnectRest rest) {
    this.connect = connect;
    this.rest = rest;
  }

  /**
   * Starts the worker and returns once its REST API answers.
   *
   * @param pluginZips the zips to unpack onto the plugin path
   * @param userPlugins a directory of plugins the user added; searched by scanning (slower) only
   *     when it holds anything, as third-party plugins may lack service manifests
   */
  public static LocalConnect start(
      Path directory, String bootstrapServers, int port, List<Path> pluginZips, Path userPlugins)
      throws IOException {
    Map<String, String> worker =
        workerConfig(
            bootstrapServers,
            port,
            unpackPlugins(directory.resolve("plugins"), pluginZips),
            userPlugins);
    // Connect calls Exit on fatal start errors: in this JVM that must be an exception instead.
    Exit.setExitProcedure(
        (status, message) -> {
          throw new IllegalStateException(
              "Kafka Connect could not start (" + status + "): " + message);
        });
    Connect<?> connect = new ConnectDistributed().startConnect(worker);
    ConnectRest rest = new ConnectRest("http://127.0.0.1:" + port);
    rest.awaitUp(Duration.ofSeconds(120), () -> true);
    return new LocalConnect(connect, rest);
  }

  /**
   * Unpacks each zip into its own directory under {@code plugins}, replacing what an earlier start
   * left.
   */
  public static Path unpackPlugins(Path plugins, List<Path> pluginZips) throws IOException {
    Directories.deleteRecursively(plugins);
    for (Path zip : pluginZips) {
      PluginZips.unpack(zip, PluginZips.directoryFor(plugins, zip));
    }
    return plugins;
  }

  /**
   * The MSK Connect worker properties with this machine's addresses: one replica for Connect's
   * topics, secrets from files, and plugins from {@code plugins} plus the user's directory.
   */
  public static Map<String, String> workerConfig(
      String bootstrapServers, int port, Path plugins, Path userPlugins) throws IOException {
    Files.createDirectories(userPlugins);
    boolean userAddedPlugins;
    try (Stream<Path> entries = Files.list(userPlugins)) {
      userAddedPlugins = entries.findAny().isPresent();
    }
    Map<String, String> worker = new LinkedHashMap<>(BundleFiles.properties(BundleFiles.WORKER));
    worker.put("bootstrap.servers", bootstrapServers);
    worker.put("group.id", "pinpipe-connect");
    for (String store : List.of("offset", "config", "status")) {
      worker.put(store + ".storage.topic", "connect-" + store + "s");
      worker.put(store + ".storage.replication.factor", "1");
    }
    worker.put("listeners", "http://127.0.0.1:" + port);
    worker.put("rest.advertised.host.name", "127.0.0.1");
    worker.put("plugin.path", plugins.toAbsolutePath() + "," + userPlugins.toAbsolutePath());
    worker.put("plugin.discovery", userAddedPlugins ? "hybrid_warn" : "service_load");
    // Source transactions and sink offsets commit every second: records show up quickly.
    worker.put("offset.flush.interval.ms", "1000");
    // Connector configs read secrets (the S3 key pair, a database password) from files.
    worker.put("config.providers", "file");
    worker.put(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    // A restarted worker takes its tasks back at once instead of waiting for a lost member.
    worker.put("scheduled.rebalance.max.delay.ms", "0");
    return worker;
  }

  public ConnectRest rest() {
    return rest;
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
