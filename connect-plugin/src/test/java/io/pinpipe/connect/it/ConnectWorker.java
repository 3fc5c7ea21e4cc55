package io.pinpipe.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Kafka Connect 3.7 worker (distributed mode) in its own JVM: the Connect runtime jars the build
 * laid out, and on its plugin path the plugin zip the build packaged, unpacked as MSK Connect
 * would. Our classes are not on the worker's class path, so the worker can only find the connector
 * through the zip. Being a process, it can be killed with SIGKILL.
 */
final class ConnectWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final String url;
  private final Path log;

  private ConnectWorker(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** Unpacks the packaged plugin zip once into {@code directory}. */
  static synchronized Path unpackPlugin(Path directory) throws IOException {
    Path zip = Path.of(System.getProperty("pinpipe.plugin.zip", "target/pinpipe-mysql-source.zip"));
    if (!Files.exists(zip)) {
      throw new IllegalStateException(
          "the plugin zip " + zip + " is missing: run the ITs through Maven (mvn verify)");
    }
    if (Files.isDirectory(directory)) {
      return directory;
    }
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = directory.resolve(entry.getName()).normalize();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return directory;
  }

  static ConnectWorker start(
      Path workDirectory,
      String bootstrapServers,
      String groupId,
      boolean exactlyOnce,
      Path pluginPath)
      throws Exception {
    Files.createDirectories(workDirectory);
    int port = freePort();
    Properties worker = new Properties();
    worker.put("bootstrap.servers", bootstrapServers);
    worker.put("group.id", groupId);
    worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("key.converter.schemas.enable", "false");
    worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("value.converter.schemas.enable", "false");
    worker.put("offset.storage.topic", groupId + "-offsets");
    worker.put("config.storage.topic", groupId + "-configs");
    worker.put("status.storage.topic", groupId + "-status");
    worker.put("offset.storage.replication.factor", "1");
    worker.put("config.storage.replication.factor", "1");
    worker.put("status.storage.replication.factor", "1");
    worker.put("offset.flush.interval.ms", "1000");
    worker.put("listeners", "http://127.0.0.1:" + port);
    worker.put("plugin.path", pluginPath.toAbsolutePath().toString());
    worker.put("plugin.discovery", "service_load");
    // A restarted worker gets the dead one's tasks at once instead of after 5 minutes.
    worker.put("scheduled.rebalance.max.delay.ms", "0");
    if (exactlyOnce) {
      worker.put("exactly.once.source.support", "enabled");
    }
    Path properties = workDirectory.resolve("worker.properties");
    try (var out = Files.newBufferedWriter(properties)) {
      worker.store(out, "PinPipe IT worker");
    }
    Path log = workDirectory.resolve("worker.log");
    Path log4j = workDirectory.resolve("log4j.properties");
    Files.writeString(
        log4j,
        "log4j.rootLogger=INFO, file\n"
            + "log4j.appender.file=org.apache.log4j.FileAppender\n"
            + "log4j.appender.file.File="
            + log.toAbsolutePath()
            + "\n"
            + "log4j.appender.file.layout=org.apache.log4j.PatternLayout\n"
            + "log4j.appender.file.layout.ConversionPattern=%d %-5p [%t] %c{1} - %m%n\n"
            + "log4j.logger.org.reflections=ERROR\n"
            + "log4j.logger.org.apache.kafka.clients=WARN\n");
    String runtime = System.getProperty("pinpipe.connect.runtime", "target/connect-runtime");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dlog4j.configuration=file:" + log4j.toAbsolutePath(),
                "-cp",
                Path.of(runtime).toAbsolutePath() + "/*",
                "org.apache.kafka.connect.cli.ConnectDistributed",
                properties.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(workDirectory.resolve("worker.out").toFile())
            .start();
    ConnectWorker started = new ConnectWorker(process, "http://127.0.0.1:" + port, log);
    Await.until(
        "the Connect worker's REST API",
        Duration.ofSeconds(90),
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "the worker exited with " + process.exitValue() + "; see " + workDirectory);
          }
          return started.get("/").statusCode() == 200;
        });
    return started;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** GET: status code and body; status 0 while the worker is not listening yet. */
  Response get(String path) throws InterruptedException {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException notYetListening) {
      return new Response(0, "");
    }
  }

  record Response(int statusCode, String body) {}

  HttpResponse<String> put(String path, Object body) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Creates or updates a connector; fails with the worker's answer when rejected. */
  void putConnector(String name, Map<String, String> config) throws Exception {
    Map<String, String> named = new java.util.HashMap<>(config);
    named.put("name", name);
    HttpResponse<String> response = put("/connectors/" + name + "/config", named);
    if (response.statusCode() >= 300) {
      throw new AssertionError(
          "PUT connector " + name + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The connector's and its tasks' states, e.g. [RUNNING, RUNNING]. */
  List<String> states(String name) throws Exception {
    Response response = get("/connectors/" + name + "/status");
    if (response.statusCode() != 200) {
      return List.of();
    }
    JsonNode status = JSON.readTree(response.body());
    List<String> states = new java.util.ArrayList<>();
    states.add(status.path("connector").path("state").asText());
    status.path("tasks").forEach(task -> states.add(task.path("state").asText()));
    return states;
  }

  void awaitRunning(String name) throws Exception {
    try {
      awaitStates(name);
    } catch (AssertionError e) {
      String log = log();
      throw new AssertionError(
          e.getMessage()
              + "; status "
              + get("/connectors/" + name + "/status").body()
              + "; worker log ends with:\n"
              + log.substring(Math.max(0, log.length() - 6000)),
          e);
    }
  }

  private void awaitStates(String name) throws Exception {
    Await.until(
        "connector " + name + " and its tasks RUNNING",
        Duration.ofSeconds(90),
        () -> {
          List<String> states = states(name);
          if (states.contains("FAILED")) {
            throw new AssertionError(
                "connector " + name + " failed: " + get("/connectors/" + name + "/status").body());
          }
          return states.size() > 1 && states.stream().allMatch("RUNNING"::equals);
        });
  }

  /** The worker's validation of a connector config: error messages by key. */
  Map<String, List<String>> validate(Map<String, String> config) throws Exception {
    HttpResponse<String> response =
        put("/connector-plugins/MySqlSourceConnector/config/validate", config);
    JsonNode result = JSON.readTree(response.body());
    Map<String, List<String>> errors = new java.util.TreeMap<>();
    result
        .path("configs")
        .forEach(
            entry -> {
              List<String> messages = new java.util.ArrayList<>();
              entry.path("value").path("errors").forEach(message -> messages.add(message.asText()));
              if (!messages.isEmpty()) {
                errors.put(entry.path("value").path("name").asText(), messages);
              }
            });
    return errors;
  }

  /** The worker's log so far, for assertions on what the connector said. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
