package io.pinpipe.streams.topology;

import static io.pinpipe.streams.topology.SourcePart.GEO;
import static io.pinpipe.streams.topology.SourcePart.PIN;
import static io.pinpipe.streams.topology.SourcePart.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input goes to the dead-letter topic with its reason; the app and the next record go on. */
class DeadLetterTopologyTest {

  private final TopologyHarness harness = new TopologyHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  static Stream<Arguments> badRecords() {
    return Stream.of(
        Arguments.of(PIN, "{\"index\": 1, \"title\": ", "not JSON"),
        Arguments.of(PIN, "[1, 2, 3]", "not a JSON object"),
        Arguments.of(PIN, "\"just a string\"", "not a JSON object"),
        Arguments.of(PIN, "{} {}", "more than one value"),
        Arguments.of(PIN, RawRows.pin(1).without("index").json(), "key field index is missing"),
        Arguments.of(
            GEO, RawRows.geo(1).with("ind", "seven").json(), "ind is not an integer: 'seven'"),
        Arguments.of(USER, RawRows.user(1).with("ind", 1.5).json(), "ind is not an integer"),
        Arguments.of(
            PIN,
            RawRows.pin(1).with("follower_count", "12x").json(),
            "follower_count is not a count: '12x'"),
        Arguments.of(
            PIN,
            RawRows.pin(1).with("follower_count", "99999999999999999999M").json(),
            "follower_count does not fit in 64 bits"),
        Arguments.of(
            PIN,
            RawRows.pin(1).with("follower_count", "1.2345k").json(),
            "follower_count is not a whole number"),
        Arguments.of(
            GEO,
            RawRows.geo(1).with("timestamp", "yesterday").json(),
            "timestamp is not a date-time: 'yesterday'"),
        Arguments.of(
            USER,
            RawRows.user(1).with("date_joined", "2020-13-45 99:00:00").json(),
            "date_joined is not a date-time"),
        Arguments.of(
            GEO,
            RawRows.geo(1).with("latitude", "north").json(),
            "latitude is not a number: 'north'"),
        Arguments.of(
            GEO,
            RawRows.geo(1).with("latitude", 91.5).json(),
            "latitude is out of range [-90, 90]: 91.5"),
        Arguments.of(
            GEO,
            RawRows.geo(1).with("longitude", -180.01).json(),
            "longitude is out of range [-180, 180]"),
        Arguments.of(
            USER,
            RawRows.user(1)
                .with("age", new java.math.BigInteger("123456789012345678901234"))
                .json(),
            "age does not fit in 64 bits"),
        Arguments.of(
            USER, RawRows.user(1).with("age", "thirty").json(), "age is not an integer: 'thirty'"),
        Arguments.of(
            PIN, RawRows.pin(1).with("title", 42).json(), "title is not a string but a number"),
        Arguments.of(
            PIN,
            RawRows.pin(1).with("category", java.util.Map.of("a", 1)).json(),
            "category is not a string but an object"),
        Arguments.of(
            PIN,
            RawRows.pin(1).with("title", "x".repeat(1_000_000)).json(),
            "title is longer than a MySQL TEXT (1000000 chars)"),
        Arguments.of(
            PIN,
            "{\"index\": 1, \"nested\": " + "[".repeat(200) + "]".repeat(200) + "}",
            "not JSON"),
        Arguments.of(PIN, "{\"index\": 1, \"index\": 2}", "not JSON: Duplicate field 'index'"));
  }

  @ParameterizedTest
  @MethodSource("badRecords")
  void sendsTheBadRecordToTheDlqWithItsReasonAndTheNextGoodRecordFlows(
      SourcePart part, String bad, String reason) {
    harness.send(part, "1", bad);
    harness.send(part, goodRow(part, 2));

    assertThat(harness.rejections())
        .singleElement()
        .satisfies(
            rejection -> {
              assertThat(rejection.reason()).contains(reason);
              assertThat(rejection.raw()).isEqualTo(bad);
              assertThat(rejection.sourceTopic()).isEqualTo("pinterest." + part.topic());
              assertThat(rejection.partition()).isEqualTo("0");
              assertThat(rejection.offset()).isEqualTo("0");
            });
    assertThat(harness.clean(part)).singleElement().asString().startsWith("{\"ind\": 2,");
  }

  @Test
  void rejectsInvalidUtf8KeepingTheOriginalBytes() {
    byte[] invalid =
        "{\"index\": 1, \"title\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    harness.sendBytes(PIN, "1", invalid);
    harness.send(PIN, RawRows.pin(2));

    assertThat(harness.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("not JSON", "UTF-8"));
    assertThat(harness.clean(PIN)).hasSize(1);
  }

  @Test
  void rejectsADeletionWhoseKeyIsNoPostNumber() {
    harness.send(GEO, "abc", null);
    harness.send(GEO, null, null);
    // Quotes are accepted only around the digits, both of them.
    harness.send(GEO, "\"12", null);
    harness.send(GEO, "\"1a\"", null);

    assertThat(harness.rejections())
        .hasSize(4)
        .allSatisfy(
            r ->
                assertThat(r.reason())
                    .isEqualTo("deletion (null value) whose key is not a post number"));
  }

  @Test
  void recordsTheOffsetOfEachRejectedRecord() {
    harness
        .send(USER, RawRows.user(1))
        .send(USER, "2", "oops")
        .send(USER, RawRows.user(3))
        .send(USER, "4", "{}");

    assertThat(harness.rejections())
        .extracting(TopologyHarness.Rejection::offset)
        .containsExactly("1", "3");
  }

  private static RawRows.Row goodRow(SourcePart part, long number) {
    return switch (part) {
      case PIN -> RawRows.pin(number);
      case GEO -> RawRows.geo(number);
      case USER -> RawRows.user(number);
    };
  }
}
