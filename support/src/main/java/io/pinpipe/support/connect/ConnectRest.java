package io.pinpipe.support.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The calls of the Connect REST API that the local pipeline, the benchmarks and the tests make. A
 * refusal throws {@link ConnectRestException} with Connect's own message (a bad config names its
 * key and the reason).
 */
public final class ConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(250);

  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ConnectRest(String url) {
    this.url = url;
  }

  public String url() {
    return url;
  }

  /**
   * Returns once the worker's REST API answers; fails after {@code timeout}, or at once when {@code
   * workerAlive} says the worker is gone (a worker in another JVM that exited).
   */
  public void awaitUp(Duration timeout, BooleanSupplier workerAlive) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        send(HttpRequest.newBuilder(URI.create(url + "/")).GET().build());
        return;
      } catch (IOException notYet) {
        if (!workerAlive.getAsBoolean() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "the Connect worker's REST API at " + url + " did not answer", notYet);
        }
        pause();
      }
    }
  }

  /** The connector classes the worker found on its plugin path. */
  public Set<String> connectorClasses() throws IOException {
    Set<String> classes = new TreeSet<>();
    for (JsonNode plugin :
        JSON.readTree(
            send(HttpRequest.newBuilder(URI.create(url + "/connector-plugins")).GET().build()))) {
      classes.add(plugin.path("class").asText());
    }
    return classes;
  }

  /**
   * Creates or updates a connector; Connect validates the config and answers with the key and
   * reason.
   */
  public void putConnector(String name, Map<String, String> config) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
            .build();
    send(request);
  }

  /** The connector's own state: RUNNING, PAUSED, FAILED, ... */
  public String status(String name) throws IOException {
    return statusOf(name).path("connector").path("state").asText();
  }

  /** The version the connector's plugin reports. */
  public String version(String name) throws IOException {
    return statusOf(name).path("connector").path("version").asText();
  }

  /** {@code GET /connectors/NAME/status}: the connector's and its tasks' states and workers. */
  private JsonNode statusOf(String name) throws IOException {
    return JSON.readTree(statusText(name));
  }

  /**
   * Where the connector and each of its tasks run, by Connect's worker id ({@code host:port}), for
   * those in state RUNNING; the connector first, then the tasks in order. What the status topic
   * says: a worker killed a moment ago still shows until its work is assigned elsewhere.
   */
  public List<String> runningOn(String name) throws IOException {
    JsonNode status = statusOf(name);
    List<String> workers = new ArrayList<>();
    List<JsonNode> parts = new ArrayList<>();
    parts.add(status.path("connector"));
    status.path("tasks").forEach(parts::add);
    for (JsonNode part : parts) {
      if ("RUNNING".equals(part.path("state").asText())) {
        workers.add(part.path("worker_id").asText());
      }
    }
    return workers;
  }

  /**
   * The connector's and its tasks' states, the connector first ({@code [RUNNING, RUNNING]}); empty
   * while Connect does not know the connector yet.
   */
  public List<String> states(String name) throws IOException {
    JsonNode status;
    try {
      status = statusOf(name);
    } catch (ConnectRestException refused) {
      if (refused.status() == 404) {
        return List.of();
      }
      throw refused;
    }
    List<String> states = new ArrayList<>();
    states.add(status.path("connector").path("state").asText());
    status.path("tasks").forEach(task -> states.add(task.path("state").asText()));
    return states;
  }

  /** {@code GET /connectors/NAME/status} as Connect wrote it, for failure messages. */
  public String statusText(String name) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/status")).GET().build());
  }

  /**
   * Connect's validation of {@code config} for the connector plugin {@code plugin} (its class's
   * simple name will do): the error messages by key, empty when the config is valid.
   */
  public Map<String, List<String>> validate(String plugin, Map<String, String> config)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(url + "/connector-plugins/" + plugin + "/config/validate"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
            .build();
    Map<String, List<String>> errors = new TreeMap<>();
    for (JsonNode entry : JSON.readTree(send(request)).path("configs")) {
      List<String> messages = new ArrayList<>();
      entry.path("value").path("errors").forEach(message -> messages.add(message.asText()));
      if (!messages.isEmpty()) {
        errors.put(entry.path("value").path("name").asText(), messages);
      }
    }
    return errors;
  }

  /** Waits until the connector and all its tasks run; a failed one ends the wait with its error. */
  public void awaitRunning(String name, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      String failure = null;
      boolean running = false;
      try {
        JsonNode status = statusOf(name);
        running =
            "RUNNING".equals(status.path("connector").path("state").asText())
                && status.path("tasks").size() > 0;
        failure = failure(status.path("connector"));
        for (JsonNode task : status.path("tasks")) {
          running &= "RUNNING".equals(task.path("state").asText());
          failure = failure == null ? failure(task) : failure;
        }
      } catch (ConnectRestException refused) {
        // 404 until the herder has started the connector; any other refusal is an answer.
        if (refused.status() != 404) {
          throw refused;
        }
      }
      if (failure != null) {
        throw new IllegalStateException("connector " + name + " failed: " + failure);
      }
      if (running) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "connector " + name + " was not running after " + timeout.toSeconds() + " s");
      }
      pause();
    }
  }

  private static String failure(JsonNode state) {
    if (!"FAILED".equals(state.path("state").asText())) {
      return null;
    }
    return state.path("trace").asText("").lines().findFirst().orElse("(no trace)");
  }

  private String send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        String message = response.body();
        try {
          message = JSON.readTree(response.body()).path("message").asText(message);
        } catch (IOException notJson) {
          // keep the body as it is
        }
        throw new ConnectRestException(
            response.statusCode(),
            request.method()
                + " "
                + request.uri().getPath()
                + ": "
                + response.statusCode()
                + " "
                + message);
      }
      return response.body();
    } catch (ConnectException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void pause() {
    try {
      // Polling interval of the REST API, not synchronisation: the answer decides.
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The REST API refused a request; the message is Connect's own (a bad config names its key). */
  public static final class ConnectRestException extends IOException {
    private final int status;

    ConnectRestException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** The HTTP status Connect answered with. */
    public int status() {
      return status;
    }
  }
}
