package io.pinpipe.streams.topology;

import static io.pinpipe.streams.topology.SourcePart.GEO;
import static io.pinpipe.streams.topology.SourcePart.PIN;
import static io.pinpipe.streams.topology.SourcePart.USER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every cleaning rule of contract section 3, on the production topology. */
class CleaningTopologyTest {

  private final TopologyHarness harness = new TopologyHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void cleansAPinWithFieldsInContractOrderAndDropsDownloaded() {
    harness.send(PIN, RawRows.pin(7528).with("unknown_extra", "ignored"));

    assertThat(harness.clean(PIN))
        .containsExactly(
            "{\"ind\": 7528, \"unique_id\": \"58b0546a-bf3f-494a-89f3-c53d0f537f6e\", \"title\": \"The Astronomer\", "
                + "\"description\": \"Fine Art Print\u2026\u00a0\", \"follower_count\": 17000, "
                + "\"poster_name\": \"Eyes On Walls \", \"tag_list\": \"Art,Prints\", \"is_image_or_video\": \"image\", "
                + "\"image_src\": \"https://i.pinimg.com/originals/4e.jpg\", \"save_location\": \"/data/art\", \"category\": \"art\"}");
    assertThat(harness.rejections()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "title|No Title Data Available",
        "title|''",
        "description|No description available Story format",
        "description|No description available",
        "poster_name|User Info Error",
        "follower_count|User Info Error",
        "tag_list|N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
        "image_src|Image src error.",
        "category|''",
        "unique_id|''"
      })
  void turnsEachPlaceholderAndTheEmptyStringIntoNullInItsColumn(String column, String placeholder) {
    harness.send(PIN, RawRows.pin(1).with(column, placeholder));

    assertThat(harness.clean(PIN)).singleElement().asString().contains("\"" + column + "\": null");
  }

  @Test
  void keepsAPlaceholderOfOneColumnInAnother() {
    harness.send(PIN, RawRows.pin(1).with("title", "User Info Error"));

    assertThat(harness.clean(PIN))
        .singleElement()
        .asString()
        .contains("\"title\": \"User Info Error\"");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "999, 999",
    "124k, 124000",
    "2M, 2000000",
    "1.5k, 1500",
    "942k, 942000",
    "10M, 10000000"
  })
  void readsFollowerCountsWithTheirSuffixes(String raw, long expected) {
    harness.send(PIN, RawRows.pin(1).with("follower_count", raw));

    assertThat(harness.clean(PIN))
        .singleElement()
        .asString()
        .contains("\"follower_count\": " + expected + ",");
  }

  @Test
  void takesAFollowerCountSentAsAJsonInteger() {
    harness.send(PIN, RawRows.pin(1).with("follower_count", 12));

    assertThat(harness.clean(PIN)).singleElement().asString().contains("\"follower_count\": 12,");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Local save in /data/finance|/data/finance",
        "/data/finance|/data/finance",
        "Local save in|Local save in",
        "local save in /data/art|local save in /data/art"
      })
  void stripsOnlyTheExactSaveLocationPrefix(String raw, String expected) {
    harness.send(PIN, RawRows.pin(1).with("save_location", raw));

    assertThat(harness.clean(PIN))
        .singleElement()
        .asString()
        .contains("\"save_location\": \"" + expected + "\"");
  }

  @Test
  void writesMissingFieldsAsNullNeverOmitted() {
    harness.send(PIN, RawRows.pin(1).without("title").without("category"));
    harness.send(GEO, RawRows.geo(1).without("latitude"));
    harness.send(USER, RawRows.user(1).without("age"));

    assertThat(harness.clean(PIN))
        .singleElement()
        .asString()
        .contains("\"title\": null", "\"category\": null");
    assertThat(harness.clean(GEO)).singleElement().asString().contains("\"coordinates\": null");
    assertThat(harness.clean(USER)).singleElement().asString().contains("\"age\": null");
  }

  @Test
  void cleansGeoWithCoordinatesAsTwoNumbersAndAUtcTimestamp() {
    harness.send(GEO, RawRows.geo(33).with("latitude", -89.9787f).with("longitude", 45));

    assertThat(harness.clean(GEO))
        .containsExactly(
            "{\"ind\": 33, \"country\": \"Japan\", \"coordinates\": [-89.9787, 45.0], \"timestamp\": \"2018-02-15T21:25:06Z\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2020-08-28 03:52:47|2020-08-28T03:52:47Z",
        "2020-08-28T03:52:47|2020-08-28T03:52:47Z",
        "2020-08-28 03:52:47.000|2020-08-28T03:52:47Z",
        "2020-08-28T03:52:47.123|2020-08-28T03:52:47.123Z",
        "2020-08-28T03:52:47.5Z|2020-08-28T03:52:47.500Z",
        "2020-08-28T03:52:47.123456|2020-08-28T03:52:47.123Z",
        "2020-08-28T03:52:47Z|2020-08-28T03:52:47Z",
        "2020-08-28T04:52:47+01:00|2020-08-28T03:52:47Z",
        "2020-08-28 01:52:47-02:00|2020-08-28T03:52:47Z",
        "1598586767000|2020-08-28T03:52:47Z",
        "1598586767123|2020-08-28T03:52:47.123Z"
      })
  void acceptsEveryTimestampFormOnTheWire(String raw, String expected) {
    harness.send(GEO, RawRows.geo(1).with("timestamp", raw));
    harness.send(USER, RawRows.user(1).with("date_joined", raw));

    assertThat(harness.clean(GEO))
        .singleElement()
        .asString()
        .contains("\"timestamp\": \"" + expected + "\"");
    assertThat(harness.clean(USER))
        .singleElement()
        .asString()
        .contains("\"date_joined\": \"" + expected + "\"");
  }

  @Test
  void acceptsEpochMillisAsAJsonNumber() {
    harness.send(GEO, RawRows.geo(1).with("timestamp", 1598586767000L));

    assertThat(harness.clean(GEO))
        .singleElement()
        .asString()
        .contains("\"timestamp\": \"2020-08-28T03:52:47Z\"");
  }

  @Test
  void joinsFirstAndLastNameIntoTheUserName() {
    harness.send(
        USER, RawRows.user(52).with("first_name", "Anthony").with("last_name", "O'Adkins"));

    assertThat(harness.clean(USER))
        .containsExactly(
            "{\"ind\": 52, \"user_name\": \"Anthony O'Adkins\", \"age\": 36, \"date_joined\": \"2016-09-21T11:18:22Z\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "999", "not-a-number"})
  void keysCleanRecordsByThePostNumberInTheRowWhateverTheRawKey(String rawKey) {
    harness.send(PIN, rawKey.isEmpty() ? null : rawKey, RawRows.pin(42).json());
    harness.send(GEO, RawRows.geo(42));
    harness.send(USER, RawRows.user(42));

    assertThat(harness.posts()).containsOnlyKeys("42");
  }

  @Test
  void aNullValueDeletesThePartAndIsNoError() {
    harness.send(PIN, RawRows.pin(5)).delete(PIN, 5);

    assertThat(harness.clean(PIN)).hasSize(2).last().isNull();
    assertThat(harness.rejections()).isEmpty();
  }
}
