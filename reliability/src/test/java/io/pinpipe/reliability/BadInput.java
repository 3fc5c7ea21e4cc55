package io.pinpipe.reliability;

import io.pinpipe.streams.topology.SourcePart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a REST Proxy client could put on a raw topic that is not a row. */
final class BadInput {

  static final String KINDS =
      "not JSON, empty, a JSON array, wrong types, no key field, a non-integer key, invalid UTF-8,"
          + " a 1 MB string with a bad count, 10,000-deep nesting, numbers out of range";

  private BadInput() {}

  /** One bad record: the raw topic it goes to, and its value. */
  record Bad(SourcePart part, byte[] value) {}

  static List<Bad> corpus() {
    List<Bad> corpus = new ArrayList<>();
    corpus.add(new Bad(SourcePart.PIN, bytes("this is not json")));
    corpus.add(new Bad(SourcePart.GEO, new byte[0]));
    corpus.add(new Bad(SourcePart.USER, bytes("[1, 2, 3]")));
    corpus.add(new Bad(SourcePart.PIN, bytes("{\"index\": 1, \"follower_count\": {\"k\": 1}}")));
    corpus.add(
        new Bad(
            SourcePart.GEO,
            bytes(
                "{\"ind\": 1, \"timestamp\": \"not a date\", \"latitude\": 1, \"longitude\": 2, \"country\": \"Chad\"}")));
    corpus.add(
        new Bad(
            SourcePart.USER,
            bytes(
                "{\"ind\": 1, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": \"old\", \"date_joined\": \"2016-01-01 00:00:00\"}")));
    corpus.add(new Bad(SourcePart.PIN, bytes("{\"title\": \"no key field\"}")));
    corpus.add(new Bad(SourcePart.GEO, bytes("{\"ind\": \"seven\", \"latitude\": 1}")));
    // 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte.
    byte[] head = bytes("{\"ind\": 1, \"first_name\": \"");
    byte[] tail = bytes("\", \"last_name\": \"y\"}");
    byte[] invalidUtf8 = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, invalidUtf8, 0, head.length);
    invalidUtf8[head.length] = (byte) 0xC3;
    invalidUtf8[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, invalidUtf8, head.length + 2, tail.length);
    corpus.add(new Bad(SourcePart.USER, invalidUtf8));
    corpus.add(
        new Bad(
            SourcePart.PIN,
            bytes(
                "{\"index\": 2, \"title\": \""
                    + "x".repeat(1_000_000)
                    + "\", \"follower_count\": \"12x\"}")));
    corpus.add(new Bad(SourcePart.GEO, bytes("[".repeat(10_000) + "]".repeat(10_000))));
    corpus.add(
        new Bad(
            SourcePart.PIN,
            bytes("{\"index\": 99999999999999999999999, \"follower_count\": \"1k\"}")));
    corpus.add(
        new Bad(
            SourcePart.GEO,
            bytes(
                "{\"ind\": 3, \"latitude\": 1e400, \"longitude\": 2, \"country\": \"Chad\", \"timestamp\": \"2020-01-01 00:00:00\"}")));
    return corpus;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
