package io.pinpipe.streams.binary;

import java.nio.ByteBuffer;

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
}
