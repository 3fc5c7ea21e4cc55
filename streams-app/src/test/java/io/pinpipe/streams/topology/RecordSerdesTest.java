package io.pinpipe.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.join.Post;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The cleaned records in the clean topics' JSON and in the post store's binary form. */
class RecordSerdesTest {

  private static final String[] TEXTS = {
    null,
    "",
    "art",
    "Poster ",
    "ends in …\u00a0",
    "quote \" and \\ and \n",
    "emoji \ud83d\ude00",
    "x".repeat(70_000),
  };

  private final SplittableRandom random = new SplittableRandom(17);

  @Test
  void storeFormReadsBackEveryPinGeoAndUser() {
    for (int i = 0; i < 2_000; i++) {
      CleanPin pin = pin();
      CleanGeo geo =
          new CleanGeo(random.nextLong(), text(), nullableDouble(), nullableDouble(), instant(1));
      CleanUser user = new CleanUser(random.nextLong(), text(), nullableLong(), instant(1));
      Post post =
          new Post(
              random.nextInt(4) == 0 ? null : pin,
              random.nextInt(4) == 0 ? null : geo,
              random.nextInt(4) == 0 ? null : user);
      assertThat(roundTrip(StoreValues.POST, post)).isEqualTo(post);
    }
  }

  @Test
  void cleanTopicJsonReadsBackEveryPinGeoAndUser() {
    for (int i = 0; i < 2_000; i++) {
      CleanPin pin = pin();
      // The contract writes milliseconds at most, and coordinates only in pairs.
      boolean located = random.nextBoolean();
      CleanGeo geo =
          new CleanGeo(
              random.nextLong(),
              text(),
              located ? random.nextDouble(-90, 90) : null,
              located ? random.nextDouble(-180, 180) : null,
              instant(1_000_000));
      CleanUser user = new CleanUser(random.nextLong(), text(), nullableLong(), instant(1_000_000));
      assertThat(roundTrip(CleanSerdes.PIN, pin)).isEqualTo(pin);
      assertThat(roundTrip(CleanSerdes.GEO, geo)).isEqualTo(geo);
      assertThat(roundTrip(CleanSerdes.USER, user)).isEqualTo(user);
    }
  }

  @Test
  void cleanTopicJsonWithoutItsPostNumberIsRefused() {
    byte[] json =
        "{\"user_name\": \"Ann Lee\", \"age\": 30, \"date_joined\": null}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CleanSerdes.USER.deserializer().deserialize("user.clean", json))
        .hasMessageContaining("not a cleaned record on user.clean")
        .hasStackTraceContaining("no ind");
  }

  @Test
  void refusesAnUnknownVersionAndATruncatedValue() {
    Post user =
        new Post(
            null, null, new CleanUser(1, "Ann Lee", 30L, Instant.parse("2016-01-02T03:04:05Z")));
    byte[] bytes = StoreValues.POST.serializer().serialize("store", user);
    byte[] unknown = bytes.clone();
    unknown[0] = 9;
    assertThatThrownBy(() -> StoreValues.POST.deserializer().deserialize("store", unknown))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("version 9");
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> StoreValues.POST.deserializer().deserialize("store", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void isSmallerThanTheJson() {
    CleanPin pin =
        new CleanPin(
            7528,
            "978c7f5c-7f24-4ce2-8cbd-bc2a0e2d0bd8",
            "Title",
            "Description …\u00a0",
            124_000L,
            "Poster",
            "a,b,c",
            "image",
            "https://i.pinimg.com/x.jpg",
            "/data/art",
            "art");
    assertThat(StoreValues.POST.serializer().serialize("store", new Post(pin, null, null)).length)
        .isLessThan(pin.toJson().getBytes(StandardCharsets.UTF_8).length);
  }

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize("store", serde.serializer().serialize("store", value));
  }

  private String text() {
    return TEXTS[random.nextInt(TEXTS.length)];
  }

  private Long nullableLong() {
    return random.nextInt(4) == 0 ? null : random.nextLong();
  }

  private Double nullableDouble() {
    return random.nextInt(4) == 0 ? null : random.nextDouble(-180, 180);
  }

  private CleanPin pin() {
    return new CleanPin(
        random.nextLong(),
        text(),
        text(),
        text(),
        nullableLong(),
        text(),
        text(),
        text(),
        text(),
        text(),
        text());
  }

  /** Null now and then, else an instant in whole multiples of {@code nanos}. */
  private Instant instant(int nanos) {
    if (random.nextInt(4) == 0) {
      return null;
    }
    int fraction = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000 / nanos) * nanos;
    return Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), fraction);
  }
}
