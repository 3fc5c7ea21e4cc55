package io.pinpipe.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.join.Post;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The post store's values, byte for byte, written out by hand from the format StoreValues
 * documents: a release that moves a field or changes an encoding without a new version fails here,
 * because its changelogs would be misread by the release before and after it.
 */
class StoreValuesGoldenTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void pin() {
    CleanPin pin =
        new CleanPin(7528, "u", "T", null, 124_000L, "P", null, "image", null, "/d", "art");
    String expected =
        "01" // version
            + "01" // pin present
            + "0000000000001d68" // ind 7528
            + "00000001"
            + "75" // unique_id "u"
            + "00000001"
            + "54" // title "T"
            + "ffffffff" // description null
            + "01"
            + "000000000001e460" // follower_count 124000
            + "00000001"
            + "50" // poster_name "P"
            + "ffffffff" // tag_list null
            + "00000005"
            + "696d616765" // is_image_or_video "image"
            + "ffffffff" // image_src null
            + "00000002"
            + "2f64" // save_location "/d"
            + "00000003"
            + "617274" // category "art"
            + "00" // no geo
            + "00"; // no user
    assertGolden(StoreValues.POST.serializer().serialize("s", new Post(pin, null, null)), expected);
    assertThat(StoreValues.POST.deserializer().deserialize("s", HEX.parseHex(expected)))
        .isEqualTo(new Post(pin, null, null));
  }

  @Test
  void geo() {
    CleanGeo geo =
        new CleanGeo(7528, "C\u00f4te", 1.5, null, Instant.parse("2020-08-28T03:52:47.000000001Z"));
    String expected =
        "01" // version
            + "00" // no pin
            + "01" // geo present
            + "0000000000001d68" // ind
            + "00000005"
            + "43c3b47465" // country "Côte", 5 UTF-8 bytes
            + "01"
            + "3ff8000000000000" // latitude 1.5
            + "00" // longitude null
            + "01"
            + "000000005f487f8f"
            + "00000001" // timestamp: epoch seconds, nanos
            + "00"; // no user
    assertGolden(StoreValues.POST.serializer().serialize("s", new Post(null, geo, null)), expected);
    assertThat(StoreValues.POST.deserializer().deserialize("s", HEX.parseHex(expected)))
        .isEqualTo(new Post(null, geo, null));
  }

  @Test
  void user() {
    CleanUser user = new CleanUser(7528, "Ann Lee", 30L, Instant.parse("2016-01-02T03:04:05Z"));
    String expected =
        "01" // version
            + "00"
            + "00" // no pin, no geo
            + "01" // user present
            + "0000000000001d68"
            + "00000007"
            + "416e6e204c6565" // user_name
            + "01"
            + "000000000000001e" // age 30
            + "01"
            + "0000000056873e25"
            + "00000000"; // date_joined
    assertGolden(
        StoreValues.POST.serializer().serialize("s", new Post(null, null, user)), expected);
    assertThat(StoreValues.POST.deserializer().deserialize("s", HEX.parseHex(expected)))
        .isEqualTo(new Post(null, null, user));
  }

  private static void assertGolden(byte[] actual, String expectedHex) {
    assertThat(HEX.formatHex(actual)).isEqualTo(expectedHex);
  }
}
