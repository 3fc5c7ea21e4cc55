package io.pinpipe.streams.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimesTest {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final long YEAR_1 =
      LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  private static final long YEAR_9999 =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000)
          .toInstant(ZoneOffset.UTC)
          .toEpochMilli();

  @Test
  void writesWhatTheJdkFormatterWrites() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      long millis = random.nextLong(YEAR_1, YEAR_9999 + 1);
      if (i % 2 == 0) {
        millis -= Math.floorMod(millis, 1000);
      }
      Instant instant = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000));
      Instant truncated = Instant.ofEpochMilli(millis);
      String expected = (truncated.getNano() == 0 ? SECONDS : MILLIS).format(truncated);
      assertThat(UtcTimes.format(instant)).as("instant %s", instant).isEqualTo(expected);
    }
  }

  @Test
  void writesYearsBeyondFourDigitsInTheJdkForm() {
    Instant far = LocalDateTime.of(33658, 9, 27, 1, 46, 40).toInstant(ZoneOffset.UTC);
    assertThat(UtcTimes.format(far)).isEqualTo("+33658-09-27T01:46:40Z");
  }

  @Test
  void readsWhatItWritesAndThePlainForms() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(Math.floorDiv(random.nextLong(YEAR_1, YEAR_9999 + 1), 1000));
      String written = UtcTimes.format(instant);
      assertThat(UtcTimes.parseOrNull(written)).isEqualTo(instant);
      String local = written.substring(0, 19);
      assertThat(UtcTimes.parseOrNull(local)).isEqualTo(instant);
      assertThat(UtcTimes.parseOrNull(local.replace('T', ' '))).isEqualTo(instant);
    }
  }

  @Test
  void leavesEveryOtherShapeToTheJdk() {
    String[] others = {
      "2020-08-28T03:52:47.120Z", // a fraction
      "2020-08-28T03:52:47+01:00", // a zone other than Z
      "2020-02-30 03:52:47", // no such day
      "2021-02-29 03:52:47", // not a leap year
      "2020-08-28 24:00:00", // no such hour
      "2020-08-28 03:60:00",
      "2020-13-28 03:52:47",
      "2020-08-28x03:52:47",
      "2020-08-28 03:52:4a",
      "2020-08-28 03:52",
      "+020-08-28 03:52:47",
      "2020-08-28 03:52:47 ",
      "2020-08-28 03:52:47z",
      "1598586767000",
      "",
    };
    for (String other : others) {
      assertThat(UtcTimes.parseOrNull(other)).as(other).isNull();
    }
  }
}
