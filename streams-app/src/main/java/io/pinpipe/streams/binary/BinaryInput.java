package io.pinpipe.streams.binary;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link BinaryOutput} writes. */
public final class BinaryInput {

  private BinaryInput() {}

  /** Text written by {@link BinaryOutput#putText}, null for length -1. */
  public static String text(ByteBuffer in, String what) {
    int length = in.getInt();
    return length == -1 ? null : Utf8Text.read(in, length, what);
  }

  /** A long written by {@link BinaryOutput#putNullableLong}. */
  public static Long nullableLong(ByteBuffer in) {
    return in.get() == 0 ? null : in.getLong();
  }

  /**
   * A value written as a version byte then its fields: read by {@code reader} when the version is
   * {@code version}, refused naming {@code what} and the topic when it is another or the bytes end
   * early.
   */
  public static <T> T versioned(
      byte[] data, byte version, String what, String topic, Function<ByteBuffer, T> reader) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      byte found = in.get();
      if (found != version) {
        throw new SerializationException(
            "unknown " + what + " format version " + found + " in " + topic);
      }
      return reader.apply(in);
    } catch (BufferUnderflowException e) {
      throw new SerializationException(
          "truncated " + what + " of " + data.length + " bytes in " + topic, e);
    }
  }

  /** A value written by {@link BinaryOutput#putOptional}: null when its presence byte is 0. */
  public static <T> T optional(ByteBuffer in, Function<ByteBuffer, T> reader) {
    return in.get() == 0 ? null : reader.apply(in);
  }
}
