package io.pinpipe.streams.binary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Text in the app's binary store formats (histograms, the tables' cleaned records): its UTF-8 byte
 * length as an int, then the bytes. An int rather than {@code writeUTF}'s two bytes, because a TEXT
 * column holds up to 65,535 bytes and a description may be all of them.
 */
public final class Utf8Text {

  private Utf8Text() {}

  /**
   * The {@code length} bytes at the buffer's position as text, the position moved past them. A
   * length the buffer cannot hold is refused, with {@code what} naming the value.
   */
  public static String read(ByteBuffer in, int length, String what) {
    if (length < 0 || length > in.remaining()) {
      throw new SerializationException(
          what + " of " + length + " bytes with " + in.remaining() + " left");
    }
    String text =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
