package io.pinpipe.support.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the Connect REST client reads the worker's answers, against a stand-in of the worker's status
 * endpoint (a JDK HTTP server): a 404 means the connector is not created yet, any other refusal is
 * the answer and ends the wait at once.
 */
class ConnectRestTest {

  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void waitsThroughNotFoundUntilRunning() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    start(
        () ->
            calls.incrementAndGet() < 3
                ? new Answer(404, "{\"error_code\": 404, \"message\": \"Connector pin not found\"}")
                : new Answer(
                    200,
                    "{\"connector\": {\"state\": \"RUNNING\"}, \"tasks\": [{\"id\": 0, \"state\": \"RUNNING\"}]}"));

    new ConnectRest(url()).awaitRunning("pin", Duration.ofSeconds(30));

    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void anyOtherRefusalEndsTheWaitWithConnectsMessage() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    start(
        () -> {
          calls.incrementAndGet();
          return new Answer(500, "{\"error_code\": 500, \"message\": \"Request timed out\"}");
        });

    assertThatThrownBy(() -> new ConnectRest(url()).awaitRunning("pin", Duration.ofSeconds(30)))
        .isInstanceOf(ConnectRest.ConnectRestException.class)
        .hasMessageContaining("500 Request timed out")
        .satisfies(e -> assertThat(((ConnectRest.ConnectRestException) e).status()).isEqualTo(500));
    assertThat(calls.get()).isEqualTo(1);
  }

  private record Answer(int status, String body) {}

  private void start(java.util.function.Supplier<Answer> answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/connectors/pin/status",
        exchange -> {
          Answer answer = answers.get();
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
