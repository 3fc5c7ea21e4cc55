package io.pinpipe.local.restproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stand-in for the Confluent REST Proxy's v2 produce endpoint ({@code POST /topics/NAME}, JSON
 * embedded format), which cannot be downloaded here. It decodes a request as the REST Proxy's JSON
 * format does (key and value serialised by Jackson, a null or absent value sent as a tombstone),
 * writes the records to a real broker with the producer's default partitioner, and answers in the
 * v2 response shape, with a per-record {@code error_code}. It is not the REST Proxy: it stands in
 * for its request and response formats only.
 */
final class RestProxyStandIn implements AutoCloseable {

  /** How the stand-in answers. */
  enum Behaviour {
    /** Writes the records and answers with their offsets. */
    WRITE,
    /**
     * Writes nothing and answers 200 with error_code 50003 on every record, as the REST Proxy does
     * when the topic cannot be reached.
     */
    FAIL_EVERY_RECORD,
    /** Never answers (until closed), as a REST Proxy blocked on a broker does. */
    HANG
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final KafkaProducer<byte[], byte[]> producer;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Behaviour behaviour = Behaviour.WRITE;

  RestProxyStandIn(String bootstrapServers) throws IOException {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/topics/", this::produce);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void behave(Behaviour next) {
    behaviour = next;
  }

  private void produce(HttpExchange exchange) throws IOException {
    try (exchange) {
      String topic = exchange.getRequestURI().getPath().substring("/topics/".length());
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!"POST".equals(exchange.getRequestMethod())
          || !"application/vnd.kafka.json.v2+json".equals(contentType)) {
        answer(
            exchange, 415, "{\"error_code\":415,\"message\":\"HTTP 415 Unsupported Media Type\"}");
        return;
      }
      JsonNode records = JSON.readTree(exchange.getRequestBody()).get("records");
      if (behaviour == Behaviour.HANG) {
        closed.await();
        return;
      }
      ObjectNode response = JSON.createObjectNode();
      ArrayNode offsets = response.putArray("offsets");
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (JsonNode record : records) {
        if (behaviour == Behaviour.WRITE) {
          sent.add(
              producer.send(
                  new ProducerRecord<>(
                      topic, serialise(record.get("key")), serialise(record.get("value")))));
        }
      }
      for (int i = 0; i < records.size(); i++) {
        ObjectNode offset = offsets.addObject();
        if (behaviour == Behaviour.WRITE) {
          RecordMetadata written = sent.get(i).get();
          offset
              .put("partition", written.partition())
              .put("offset", written.offset())
              .putNull("error_code")
              .putNull("error");
        } else {
          offset
              .putNull("partition")
              .putNull("offset")
              .put("error_code", 50003)
              .put("error", "Topic " + topic + " not present in metadata after 60000 ms.");
        }
      }
      response.putNull("key_schema_id").putNull("value_schema_id");
      answer(exchange, 200, JSON.writeValueAsString(response));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IOException("the broker refused a record", e);
    }
  }

  /**
   * As the REST Proxy's JSON format: a JSON value becomes its JSON bytes; JSON null or nothing
   * becomes no bytes.
   */
  private static byte[] serialise(JsonNode node) throws IOException {
    return node == null || node.isNull() ? null : JSON.writeValueAsBytes(node);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.kafka.v2+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    producer.close();
  }
}
