package io.pinpipe.streams.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractMap;
import java.util.Comparator;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A multiset: each value with how many current posts have it. Aggregations add a post's value
 * and subtract its previous one, so a histogram always describes the current posts, and medians
 * and "most popular" answers can be read from it exactly.
 *
 * <p>Immutable, and held as the very bytes its stores and changelogs keep: a version byte, the
 * number of entries, then each value and its count, in the histogram's order. Kafka Streams keeps
 * an aggregate as bytes, so every update of a group reads its histogram from the store and writes
 * it back. Decoding every entry into objects and encoding them again cost a sixth to a quarter of
 * the stream threads' time (benchmarks/README.md); held as bytes, an update decodes only the
 * values its binary search visits and copies the rest whole. Reading the bytes walks the entries'
 * lengths once to find where each starts.
 */
public final class Histogram<T> {

  private static final byte VERSION = 1;
  private static final int ENTRIES_AT = 1;
  private static final int HEADER = 1 + Integer.BYTES;
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final ValueCodec<T> codec;
  private final Comparator<? super T> order;
  private final byte[] bytes;
  /** Where each entry starts, then where the last one ends: one more than there are entries. */
  private final int[] starts;
  private final long total;

  private Histogram(ValueCodec<T> codec, Comparator<? super T> order, byte[] bytes, int[] starts, long total) {
    this.codec = codec;
    this.order = order;
    this.bytes = bytes;
    this.starts = starts;
    this.total = total;
  }

  /** A histogram of nothing, whose values are written by {@code codec} and kept in {@code order}. */
  public static <T> Histogram<T> empty(ValueCodec<T> codec, Comparator<? super T> order) {
    byte[] bytes = new byte[HEADER];
    bytes[0] = VERSION;
    return new Histogram<>(codec, order, bytes, new int[] {HEADER}, 0);
  }

  /**
   * The histogram {@code bytes} hold. Their structure is checked (every length within the bytes,
   * every count positive, nothing left over); their order is not, because that would decode every
   * entry on every update, which is what this layout saves. The version byte stands for the order:
   * a release that changes a histogram's order or codec must write a new version.
   */
  static <T> Histogram<T> read(ValueCodec<T> codec, Comparator<? super T> order, byte[] bytes) {
    if (bytes.length > 0 && bytes[0] != VERSION) {
      throw new SerializationException("unknown histogram format version " + bytes[0]);
    }
    if (bytes.length < HEADER) {
      throw new SerializationException("histogram of " + bytes.length + " bytes, shorter than its header");
    }
    int entries = (int) INTS.get(bytes, ENTRIES_AT);
    if (entries < 0 || entries > (bytes.length - HEADER) / Long.BYTES) {
      throw new SerializationException("histogram of " + entries + " entries in " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int[] starts = new int[entries + 1];
    int at = HEADER;
    long total = 0;
    for (int entry = 0; entry < entries; entry++) {
      starts[entry] = at;
      at += codec.length(in, at);
      if (at > bytes.length - Long.BYTES) {
        throw new SerializationException("truncated histogram of " + bytes.length + " bytes at entry " + entry);
      }
      long count = (long) LONGS.get(bytes, at);
      if (count <= 0) {
        throw new SerializationException("histogram entry " + entry + " has count " + count);
      }
      total += count;
      at += Long.BYTES;
    }
    if (at != bytes.length) {
      throw new SerializationException((bytes.length - at) + " bytes after the last entry of a histogram");
    }
    starts[entries] = at;
    return new Histogram<>(codec, order, bytes, starts, total);
  }

  /** The bytes the histogram is held as; never changed, so stores and changelogs may keep them. */
  byte[] bytes() {
    return bytes;
  }

  /**
   * A new histogram with one more occurrence of {@code value}. Aggregations must not change the
   * aggregate they are given: Kafka Streams may forward it downstream as the old value.
   */
  public Histogram<T> plus(T value) {
    int entry = indexOf(value);
    return entry >= 0 ? withCount(entry, count(entry) + 1, total + 1) : inserted(-entry - 1, value);
  }

  /** A new histogram with one occurrence less; removing a value that is not there is a bug upstream. */
  public Histogram<T> minus(T value) {
    int entry = indexOf(value);
    if (entry < 0) {
      throw new IllegalStateException("retracting " + value + " that was never added");
    }
    return count(entry) > 1 ? withCount(entry, count(entry) - 1, total - 1) : removed(entry);
  }

  public boolean isEmpty() {
    return total == 0;
  }

  public long total() {
    return total;
  }

  /** The first value in the histogram's order. */
  public T first() {
    if (size() == 0) {
      throw new IllegalStateException("first value of an empty histogram");
    }
    return value(0);
  }

  /**
   * The lower median: the value at position ceil(n/2), counting from 1, in sorted order. This is
   * what Spark's {@code percentile_approx(x, 0.5)} gives on the original data.
   */
  public T lowerMedian() {
    long position = (total + 1) / 2;
    long seen = 0;
    for (int entry = 0; entry < size(); entry++) {
      seen += count(entry);
      if (seen >= position) {
        return value(entry);
      }
    }
    throw new IllegalStateException("median of an empty histogram");
  }

  /** The most frequent value; ties go to the value that comes first in the histogram's order. */
  public Map.Entry<T, Long> mostFrequent() {
    if (size() == 0) {
      throw new IllegalStateException("most frequent value of an empty histogram");
    }
    int best = 0;
    for (int entry = 1; entry < size(); entry++) {
      if (count(entry) > count(best)) {
        best = entry;
      }
    }
    return new AbstractMap.SimpleImmutableEntry<>(value(best), count(best));
  }

  /** Distinct values. */
  int size() {
    return starts.length - 1;
  }

  T value(int entry) {
    return codec.read(ByteBuffer.wrap(bytes).position(starts[entry]));
  }

  long count(int entry) {
    return (long) LONGS.get(bytes, countAt(entry));
  }

  private int countAt(int entry) {
    return starts[entry + 1] - Long.BYTES;
  }

  /** As {@link java.util.Arrays#binarySearch}: the entry, or minus the insertion point minus one. */
  private int indexOf(T value) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int low = 0;
    int high = size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int comparison = order.compare(codec.read(in.position(starts[middle])), value);
      if (comparison < 0) {
        low = middle + 1;
      } else if (comparison > 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -(low + 1);
  }

  private Histogram<T> withCount(int entry, long count, long newTotal) {
    byte[] changed = bytes.clone();
    LONGS.set(changed, countAt(entry), count);
    return new Histogram<>(codec, order, changed, starts, newTotal);
  }

  private Histogram<T> inserted(int entry, T value) {
    ByteBuffer encoded = ByteBuffer.allocate(codec.maxSize(value) + Long.BYTES);
    codec.write(encoded, value);
    encoded.putLong(1);
    int length = encoded.position();
    int start = starts[entry];
    byte[] changed = new byte[bytes.length + length];
    System.arraycopy(bytes, 0, changed, 0, start);
    System.arraycopy(encoded.array(), 0, changed, start, length);
    System.arraycopy(bytes, start, changed, start + length, bytes.length - start);
    INTS.set(changed, ENTRIES_AT, size() + 1);
    int[] newStarts = new int[starts.length + 1];
    System.arraycopy(starts, 0, newStarts, 0, entry + 1);
    for (int later = entry; later < starts.length; later++) {
      newStarts[later + 1] = starts[later] + length;
    }
    return new Histogram<>(codec, order, changed, newStarts, total + 1);
  }

  private Histogram<T> removed(int entry) {
    int start = starts[entry];
    int length = starts[entry + 1] - start;
    byte[] changed = new byte[bytes.length - length];
    System.arraycopy(bytes, 0, changed, 0, start);
    System.arraycopy(bytes, start + length, changed, start, bytes.length - start - length);
    INTS.set(changed, ENTRIES_AT, size() - 1);
    int[] newStarts = new int[starts.length - 1];
    System.arraycopy(starts, 0, newStarts, 0, entry);
    for (int later = entry + 1; later < starts.length; later++) {
      newStarts[later - 1] = starts[later] - length;
    }
    return new Histogram<>(codec, order, changed, newStarts, total - 1);
  }
}
