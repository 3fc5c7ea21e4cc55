package io.pinpipe.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HistogramTest {

  private static final HistogramSerde<Long> LONGS = new HistogramSerde<>(HistogramSerde.LONGS, Comparator.naturalOrder());
  private static final HistogramSerde<Ranked> RANKED = new HistogramSerde<>(HistogramSerde.RANKED, Ranked.BEST_FIRST);

  @Test
  void answersAsATreeOfCountsWouldAfterRandomAddsAndRetractions() {
    Random random = new Random(7);
    Histogram<Long> histogram = new Histogram<>(Comparator.naturalOrder());
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
      histogram = LONGS.deserializer().deserialize("t", LONGS.serializer().serialize("t", histogram));
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
    Histogram<Long> one = new Histogram<Long>(Comparator.naturalOrder()).plus(5L);
    Histogram<Long> two = one.plus(5L).plus(7L);
    two.minus(5L).minus(5L);
    assertThat(one.total()).isEqualTo(1);
    assertThat(two.total()).isEqualTo(3);
    assertThat(two.mostFrequent()).isEqualTo(Map.entry(5L, 2L));
  }

  @Test
  void refusesToRetractWhatWasNeverAdded() {
    Histogram<Long> histogram = new Histogram<Long>(Comparator.naturalOrder()).plus(1L);
    assertThatThrownBy(() -> histogram.minus(2L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("retracting 2");
  }

  @Test
  void readsTheFormatThatStoresAndChangelogsAlreadyHold() throws IOException {
    // Version 1 as written by DataOutputStream: version, entries, then each name, number, count.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(2);
      for (Object[] entry : new Object[][] {{"ßeta", 900L, 2L}, {"alpha", 10L, 1L}}) {
        byte[] name = ((String) entry[0]).getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeLong((Long) entry[1]);
        out.writeLong((Long) entry[2]);
      }
    }
    Histogram<Ranked> histogram = RANKED.deserializer().deserialize("t", bytes.toByteArray());
    assertThat(histogram.first()).isEqualTo(new Ranked("ßeta", 900));
    assertThat(histogram.total()).isEqualTo(3);
    assertThat(RANKED.serializer().serialize("t", histogram)).isEqualTo(bytes.toByteArray());
  }

  @Test
  void rejectsBytesThatAreNotAHistogram() {
    byte[] truncated = {1, 0, 0, 0, 3, 0, 0};
    assertThatThrownBy(() -> LONGS.deserializer().deserialize("t", truncated)).isInstanceOf(SerializationException.class);
    byte[] outOfOrder = LONGS.serializer().serialize("t", new Histogram<Long>(Comparator.naturalOrder()).plus(1L).plus(2L));
    assertThatThrownBy(() -> new HistogramSerde<>(HistogramSerde.LONGS, Comparator.<Long>reverseOrder()).deserializer().deserialize("t", outOfOrder))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
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
