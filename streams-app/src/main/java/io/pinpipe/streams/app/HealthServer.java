package io.pinpipe.streams.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pinpipe.streams.json.JsonLine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A small HTTP endpoint for load balancers, systemd watchdogs and people: {@code /health} is 200
 * while the app is alive (running or rebalancing), {@code /ready} is 200 only while it is running;
 * both answer with the state and the consumer lag over all input partitions, and, once the app has
 * shut itself down after repeated thread failures, with {@code failure}: why.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;
  private final KafkaStreams streams;
  private final Supplier<Optional<String>> failure;

  private HealthServer(
      HttpServer server, KafkaStreams streams, Supplier<Optional<String>> failure) {
    this.server = server;
    this.streams = streams;
    this.failure = failure;
  }

  public static HealthServer start(
      int port, KafkaStreams streams, Supplier<Optional<String>> failure) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    HealthServer health = new HealthServer(server, streams, failure);
    server.createContext("/health", exchange -> health.answer(exchange, health.alive()));
    server.createContext(
        "/ready",
        exchange -> health.answer(exchange, streams.state() == KafkaStreams.State.RUNNING));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "health-http");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    return health;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private boolean alive() {
    KafkaStreams.State state = streams.state();
    return failure.get().isEmpty()
        && (state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED);
  }

  /** Sum of the {@code records-lag} metric over the partitions the app consumes. */
  long lag() {
    long lag = 0;
    for (Metric metric : streams.metrics().values()) {
      if ("records-lag".equals(metric.metricName().name())
          && metric.metricName().tags().containsKey("partition")
          && metric.metricValue() instanceof Double value
          && !value.isNaN()) {
        lag += value.longValue();
      }
    }
    return lag;
  }

  private void answer(HttpExchange exchange, boolean ok) throws IOException {
    JsonLine json = JsonLine.object().field("state", streams.state().name()).field("lag", lag());
    failure.get().ifPresent(reason -> json.field("failure", reason));
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
