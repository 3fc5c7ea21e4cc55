package io.pinpipe.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HistogramTest {

  private static final HistogramSerde<Long> LONGS = new HistogramSerde<>(ValueCodec.LONGS, Comparator.naturalOrder());
  private static final HistogramSerde<Ranked> RANKED = new HistogramSerde<>(ValueCodec.RANKED, Ranked.BEST_FIRST);

  @Test
  void answersAsATreeOfCountsWouldAfterRandomAddsAndRetractions() {
    Random random = new Random(7);
    Histogram<Long> histogram = LONGS.empty();
    TreeMap<Long, Long> expected = new TreeMap<>();
    List<Long> present = new ArrayList<>();
    for (int step = 0; step < 5_000; step++) {
      if (!present.isEmpty() && random.nextInt(3) == 0) {
        Long value = present.remove(random.nextInt(present.size()));
        histogram = histogram.minus(value);
        expected.merge(value, -1L, Long::sum);
        expected.remove(value, 0L);
      } else {
        long value = random.nextInt(200);
        histogram = histogram.plus(value);
        expected.merge(value, 1L, Long::sum);
        present.add(value);
      }
      if (random.nextBoolean()) {
        // Half the steps go through the bytes, as in a store; the others change the histogram in hand.
        histogram = LONGS.deserializer().deserialize("t", LONGS.serializer().serialize("t", histogram));
      }
      assertThat(histogram.total()).isEqualTo(present.size());
      if (!present.isEmpty()) {
        assertThat(histogram.first()).isEqualTo(expected.firstKey());
        assertThat(histogram.lowerMedian()).isEqualTo(lowerMedian(expected, present.size()));
        assertThat(histogram.mostFrequent()).isEqualTo(mostFrequent(expected));
      }
    }
  }

  @Test
  void leavesTheHistogramItWasGivenUnchanged() {
    Histogram<Long> one = LONGS.empty().plus(5L);
    Histogram<Long> two = one.plus(5L).plus(7L);
    two.minus(5L).minus(5L);
    assertThat(one.total()).isEqualTo(1);
    assertThat(two.total()).isEqualTo(3);
    assertThat(two.mostFrequent()).isEqualTo(Map.entry(5L, 2L));
  }

  @Test
  void refusesToRetractWhatWasNeverAdded() {
    Histogram<Long> histogram = LONGS.empty().plus(1L);
    assertThatThrownBy(() -> histogram.minus(2L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("retracting 2");
  }

  @Test
  void readsTheFormatThatStoresAndChangelogsAlreadyHold() throws IOException {
    Map<Ranked, Long> counts = new LinkedHashMap<>();
    counts.put(new Ranked("ßeta", 900), 2L);
    counts.put(new Ranked("alpha", 10), 1L);
    byte[] bytes = version1(counts);
    Histogram<Ranked> histogram = RANKED.deserializer().deserialize("t", bytes);
    assertThat(histogram.first()).isEqualTo(new Ranked("ßeta", 900));
    assertThat(histogram.total()).isEqualTo(3);
    assertThat(RANKED.serializer().serialize("t", histogram)).isEqualTo(bytes);
  }

  @Test
  void writesWhatAnEncodingFromScratchWouldAfterRandomAddsAndRetractions() throws IOException {
    // Names of different lengths, so that every insertion and removal moves the entries after it.
    Random random = new Random(11);
    Histogram<Ranked> histogram = RANKED.empty();
    TreeMap<Ranked, Long> expected = new TreeMap<>(Ranked.BEST_FIRST);
    List<Ranked> present = new ArrayList<>();
    for (int step = 0; step < 3_000; step++) {
      if (!present.isEmpty() && random.nextInt(3) == 0) {
        Ranked value = present.remove(random.nextInt(present.size()));
        histogram = histogram.minus(value);
        expected.merge(value, -1L, Long::sum);
        expected.remove(value, 0L);
      } else {
        int poster = random.nextInt(60);
        Ranked value = new Ranked("poster ß" + "x".repeat(poster % 7) + poster, poster % 9);
        histogram = histogram.plus(value);
        expected.merge(value, 1L, Long::sum);
        present.add(value);
      }
      byte[] written = RANKED.serializer().serialize("t", histogram);
      assertThat(written).isEqualTo(version1(expected));
      if (random.nextBoolean()) {
        histogram = RANKED.deserializer().deserialize("t", written);
      }
    }
  }

  @Test
  void rejectsBytesThatAreNotAHistogram() throws IOException {
    byte[] truncated = {1, 0, 0, 0, 3, 0, 0};
    byte[] unknownVersion = {2, 0, 0, 0, 0};
    byte[] one = version1(Map.of(new Ranked("a", 1), 1L));
    byte[] zeroCount = version1(Map.of(new Ranked("a", 1), 0L));
    byte[] nameBeyondTheEnd = one.clone();
    nameBeyondTheEnd[8] = 100;
    byte[] leftOver = Arrays.copyOf(one, 30);
    for (byte[] bytes : List.of(new byte[0], truncated, unknownVersion, zeroCount, nameBeyondTheEnd, leftOver)) {
      assertThatThrownBy(() -> RANKED.deserializer().deserialize("t", bytes))
          .as(Arrays.toString(bytes))
          .isInstanceOf(SerializationException.class);
    }
    assertThat(RANKED.deserializer().deserialize("t", one).total()).isEqualTo(1);
  }

  /** Version 1 as DataOutputStream writes it: version, entries, then each name, number, count. */
  private static byte[] version1(Map<Ranked, Long> counts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(counts.size());
      for (Map.Entry<Ranked, Long> entry : counts.entrySet()) {
        byte[] name = entry.getKey().name().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeLong(entry.getKey().value());
        out.writeLong(entry.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private static long lowerMedian(TreeMap<Long, Long> counts, long total) {
    long seen = 0;
    for (Map.Entry<Long, Long> entry : counts.entrySet()) {
      seen += entry.getValue();
      if (seen >= (total + 1) / 2) {
        return entry.getKey();
      }
    }
    throw new AssertionError();
  }

  private static Map.Entry<Long, Long> mostFrequent(TreeMap<Long, Long> counts) {
    Map.Entry<Long, Long> best = null;
    for (Map.Entry<Long, Long> entry : counts.entrySet()) {
      if (best == null || entry.getValue() > best.getValue()) {
        best = entry;
      }
    }
    return Map.entry(best.getKey(), best.getValue());
  }
}
