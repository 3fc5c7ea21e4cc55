package io.pinpipe.streams.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of histograms for state stores and changelogs: a version byte, the number
 * of entries, then each value and its count. Binary rather than JSON because a histogram is
 * rewritten on every update of its group.
 */
public final class HistogramSerde<T> implements Serde<Histogram<T>> {

  private static final byte VERSION = 1;

  /** How one value is written. */
  public interface Codec<T> {
    void write(DataOutputStream out, T value) throws IOException;

    T read(DataInputStream in) throws IOException;
  }

  public static final Codec<String> STRINGS =
      new Codec<>() {
        @Override
        public void write(DataOutputStream out, String value) throws IOException {
          writeText(out, value);
        }

        @Override
        public String read(DataInputStream in) throws IOException {
          return readText(in);
        }
      };

  public static final Codec<Long> LONGS =
      new Codec<>() {
        @Override
        public void write(DataOutputStream out, Long value) throws IOException {
          out.writeLong(value);
        }

        @Override
        public Long read(DataInputStream in) throws IOException {
          return in.readLong();
        }
      };

  public static final Codec<Ranked> RANKED =
      new Codec<>() {
        @Override
        public void write(DataOutputStream out, Ranked value) throws IOException {
          writeText(out, value.name());
          out.writeLong(value.value());
        }

        @Override
        public Ranked read(DataInputStream in) throws IOException {
          return new Ranked(readText(in), in.readLong());
        }
      };

  // Length-prefixed UTF-8: writeUTF stops at 65,535 bytes, and a TEXT column can exceed that.
  private static void writeText(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readText(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
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
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + histogram.counts().size() * 16);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(VERSION);
        out.writeInt(histogram.counts().size());
        for (Map.Entry<T, Long> entry : histogram.counts().entrySet()) {
          codec.write(out, entry.getKey());
          out.writeLong(entry.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    };
  }

  @Override
  public Deserializer<Histogram<T>> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      Histogram<T> histogram = new Histogram<>(order);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
        byte version = in.readByte();
        if (version != VERSION) {
          throw new IllegalStateException("unknown histogram format version " + version);
        }
        int entries = in.readInt();
        for (int i = 0; i < entries; i++) {
          T value = codec.read(in);
          histogram.put(value, in.readLong());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return histogram;
    };
  }
}
