package io.pinpipe.streams.stats;

import io.pinpipe.streams.binary.Utf8Text;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of histograms for state stores and changelogs: a version byte, the number
 * of entries, then each value and its count, in the histogram's order. Binary rather than JSON
 * because a histogram is read and rewritten on every update of its group; the entries are read
 * straight into the histogram's arrays.
 */
public final class HistogramSerde<T> implements Serde<Histogram<T>> {

  private static final byte VERSION = 1;

  /** How one value is written and read. */
  public interface Codec<T> {
    /** Bytes {@link #write} will take, at most. */
    int maxSize(T value);

    void write(ByteBuffer out, T value);

    T read(ByteBuffer in);
  }

  public static final Codec<String> STRINGS =
      new Codec<>() {
        @Override
        public int maxSize(String value) {
          return maxTextSize(value);
        }

        @Override
        public void write(ByteBuffer out, String value) {
          writeText(out, value);
        }

        @Override
        public String read(ByteBuffer in) {
          return readText(in);
        }
      };

  public static final Codec<Long> LONGS =
      new Codec<>() {
        @Override
        public int maxSize(Long value) {
          return Long.BYTES;
        }

        @Override
        public void write(ByteBuffer out, Long value) {
          out.putLong(value);
        }

        @Override
        public Long read(ByteBuffer in) {
          return in.getLong();
        }
      };

  public static final Codec<Ranked> RANKED =
      new Codec<>() {
        @Override
        public int maxSize(Ranked value) {
          return maxTextSize(value.name()) + Long.BYTES;
        }

        @Override
        public void write(ByteBuffer out, Ranked value) {
          writeText(out, value.name());
          out.putLong(value.value());
        }

        @Override
        public Ranked read(ByteBuffer in) {
          return new Ranked(readText(in), in.getLong());
        }
      };

  // Length-prefixed UTF-8, at most three bytes per UTF-16 unit: writeUTF's 65,535-byte limit
  // would not hold a TEXT column.
  private static int maxTextSize(String value) {
    return Integer.BYTES + 3 * value.length();
  }

  private static void writeText(ByteBuffer out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.putInt(bytes.length);
    out.put(bytes);
  }

  private static String readText(ByteBuffer in) {
    return Utf8Text.read(in, in.getInt(), "histogram text");
  }

  /** One value alone, in the codec's form: for keys and repartitioned values. */
  public static <T> Serde<T> single(Codec<T> codec) {
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          ByteBuffer out = ByteBuffer.allocate(codec.maxSize(value));
          codec.write(out, value);
          return Arrays.copyOf(out.array(), out.position());
        },
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try {
            return codec.read(ByteBuffer.wrap(data));
          } catch (BufferUnderflowException e) {
            throw new SerializationException("truncated value of " + data.length + " bytes", e);
          }
        });
  }

  private final Codec<T> codec;
  private final Comparator<? super T> order;

  public HistogramSerde(Codec<T> codec, Comparator<? super T> order) {
    this.codec = codec;
    this.order = order;
  }

  @Override
  public Serializer<Histogram<T>> serializer() {
    return (topic, histogram) -> {
      if (histogram == null) {
        return null;
      }
      int size = 1 + Integer.BYTES;
      for (int i = 0; i < histogram.size(); i++) {
        size += codec.maxSize(histogram.value(i)) + Long.BYTES;
      }
      ByteBuffer out = ByteBuffer.allocate(size);
      out.put(VERSION);
      out.putInt(histogram.size());
      for (int i = 0; i < histogram.size(); i++) {
        codec.write(out, histogram.value(i));
        out.putLong(histogram.count(i));
      }
      return out.position() == size ? out.array() : Arrays.copyOf(out.array(), out.position());
    };
  }

  @Override
  public Deserializer<Histogram<T>> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        ByteBuffer in = ByteBuffer.wrap(data);
        byte version = in.get();
        if (version != VERSION) {
          throw new SerializationException("unknown histogram format version " + version);
        }
        int entries = in.getInt();
        if (entries < 0 || entries > in.remaining() / Long.BYTES) {
          throw new SerializationException("histogram of " + entries + " entries in " + data.length + " bytes");
        }
        Object[] values = new Object[entries];
        long[] counts = new long[entries];
        for (int i = 0; i < entries; i++) {
          values[i] = codec.read(in);
          counts[i] = in.getLong();
        }
        return Histogram.ofSorted(order, values, counts);
      } catch (BufferUnderflowException e) {
        throw new SerializationException("truncated histogram of " + data.length + " bytes", e);
      }
    };
  }
}
