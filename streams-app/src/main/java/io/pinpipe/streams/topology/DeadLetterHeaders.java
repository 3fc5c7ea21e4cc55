package io.pinpipe.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The headers a rejected record carries on the dead-letter topic (contract section 6). */
public final class DeadLetterHeaders {

  public static final String SOURCE_TOPIC = "pinpipe.dlq.source.topic";
  public static final String SOURCE_PARTITION = "pinpipe.dlq.source.partition";
  public static final String SOURCE_OFFSET = "pinpipe.dlq.source.offset";
  public static final String REASON = "pinpipe.dlq.reason";

  private DeadLetterHeaders() {}

  static void add(Headers headers, String topic, int partition, long offset, String reason) {
    headers.add(SOURCE_TOPIC, utf8(topic));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    headers.add(REASON, utf8(reason));
  }

  /** The value of a header as text, or null when absent. */
  public static String get(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
