package io.pinpipe.streams.binary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A growing byte array for the app's binary store and topic formats: big-endian numbers, text as
 * {@link Utf8Text} writes it, nullable values behind a presence byte. A post's pin is a few hundred
 * bytes, a description up to 64 KB.
 */
public final class BinaryOutput {

  private byte[] bytes;
  private int size;

  public BinaryOutput() {
    this(512);
  }

  public BinaryOutput(int capacity) {
    bytes = new byte[capacity];
  }

  private ByteBuffer room(int needed) {
    if (size + needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + needed));
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, size, needed);
    size += needed;
    return buffer;
  }

  public void putByte(byte value) {
    room(1).put(value);
  }

  public void putBytes(byte[] value) {
    room(value.length).put(value);
  }

  public void putInt(int value) {
    room(Integer.BYTES).putInt(value);
  }

  public void putLong(long value) {
    room(Long.BYTES).putLong(value);
  }

  public void putText(String value) {
    if (value == null) {
      room(Integer.BYTES).putInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    room(Integer.BYTES + utf8.length).putInt(utf8.length).put(utf8);
  }

  public void putNullableLong(Long value) {
    if (value == null) {
      room(1).put((byte) 0);
    } else {
      room(1 + Long.BYTES).put((byte) 1).putLong(value);
    }
  }

  public void putNullableDouble(Double value) {
    if (value == null) {
      room(1).put((byte) 0);
    } else {
      room(1 + Double.BYTES).put((byte) 1).putDouble(value);
    }
  }

  public void putInstant(Instant value) {
    if (value == null) {
      room(1).put((byte) 0);
    } else {
      room(1 + Long.BYTES + Integer.BYTES)
          .put((byte) 1)
          .putLong(value.getEpochSecond())
          .putInt(value.getNano());
    }
  }

  /** A presence byte, then the value as {@code writer} writes it when there is one. */
  public <T> void putOptional(T value, java.util.function.BiConsumer<BinaryOutput, T> writer) {
    if (value == null) {
      putByte((byte) 0);
    } else {
      putByte((byte) 1);
      writer.accept(this, value);
    }
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
