package io.pinpipe.streams.stats;

import io.pinpipe.streams.binary.Utf8Text;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How one value of a histogram is written in the histogram's bytes, and alone in a repartition
 * topic. A histogram finds its entries by their lengths, so {@link #length} must tell a value's
 * length without decoding it.
 */
public interface ValueCodec<T> {

  /** Bytes {@link #write} will take, at most. */
  int maxSize(T value);

  void write(ByteBuffer out, T value);

  /** The value at the buffer's position, the position moved past it. */
  T read(ByteBuffer in);

  /** The length of the value written at {@code at}; bytes that cannot hold it are refused. */
  int length(ByteBuffer in, int at);

  ValueCodec<String> STRINGS =
      new ValueCodec<>() {
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

        @Override
        public int length(ByteBuffer in, int at) {
          return textLength(in, at);
        }
      };

  ValueCodec<Long> LONGS =
      new ValueCodec<>() {
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

        @Override
        public int length(ByteBuffer in, int at) {
          return within(in, at, Long.BYTES);
        }
      };

  /** A name, then its number. */
  ValueCodec<Ranked> RANKED =
      new ValueCodec<>() {
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

        @Override
        public int length(ByteBuffer in, int at) {
          int text = textLength(in, at);
          return text + within(in, at + text, Long.BYTES);
        }
      };

  /** One value alone, in the codec's form: for repartitioned values. */
  static <T> Serde<T> serde(ValueCodec<T> codec) {
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

  private static int textLength(ByteBuffer in, int at) {
    within(in, at, Integer.BYTES);
    return Integer.BYTES + within(in, at + Integer.BYTES, in.getInt(at));
  }

  /** {@code length}, when that many bytes follow {@code at}. */
  private static int within(ByteBuffer in, int at, int length) {
    if (length < 0 || at < 0 || length > in.limit() - at) {
      throw new SerializationException(length + " bytes at " + at + " of a value of " + in.limit() + " bytes");
    }
    return length;
  }
}
