package io.pinpipe.streams.stats;

import io.pinpipe.streams.binary.BinaryInput;
import io.pinpipe.streams.binary.BinaryOutput;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Deltas on the repartition topics: a version byte (1), then before and after, each a presence byte
 * and, when present, category and poster name as {@link BinaryOutput} text and the follower count
 * as a nullable long. A post's delta is a few dozen bytes, whatever the group's size.
 */
public final class DeltaSerde {

  private static final byte VERSION = 1;

  public static final Serde<Delta> SERDE =
      Serdes.serdeFrom(DeltaSerde::serialize, DeltaSerde::deserialize);

  private DeltaSerde() {}

  static byte[] serialize(String topic, Delta delta) {
    if (delta == null) {
      return null;
    }
    BinaryOutput out = new BinaryOutput(64);
    out.putByte(VERSION);
    write(out, delta.before());
    write(out, delta.after());
    return out.toByteArray();
  }

  private static void write(BinaryOutput out, Contribution contribution) {
    if (contribution == null) {
      out.putByte((byte) 0);
      return;
    }
    out.putByte((byte) 1);
    out.putText(contribution.category());
    out.putText(contribution.posterName());
    out.putNullableLong(contribution.followerCount());
  }

  static Delta deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      byte version = in.get();
      if (version != VERSION) {
        throw new SerializationException(
            "unknown delta format version " + version + " in " + topic);
      }
      return new Delta(read(in), read(in));
    } catch (BufferUnderflowException e) {
      throw new SerializationException(
          "truncated delta of " + data.length + " bytes in " + topic, e);
    }
  }

  private static Contribution read(ByteBuffer in) {
    if (in.get() == 0) {
      return null;
    }
    return new Contribution(
        BinaryInput.text(in, "category"),
        BinaryInput.text(in, "poster name"),
        BinaryInput.nullableLong(in));
  }
}
