package io.pinpipe.streams.stats;

import io.pinpipe.streams.binary.BinaryInput;
import io.pinpipe.streams.binary.BinaryOutput;
import java.nio.ByteBuffer;
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
    out.putOptional(delta.before(), DeltaSerde::write);
    out.putOptional(delta.after(), DeltaSerde::write);
    return out.toByteArray();
  }

  private static void write(BinaryOutput out, Contribution contribution) {
    out.putText(contribution.category());
    out.putText(contribution.posterName());
    out.putNullableLong(contribution.followerCount());
  }

  static Delta deserialize(String topic, byte[] data) {
    return BinaryInput.versioned(
        data,
        VERSION,
        "delta",
        topic,
        in ->
            new Delta(
                BinaryInput.optional(in, DeltaSerde::read),
                BinaryInput.optional(in, DeltaSerde::read)));
  }

  private static Contribution read(ByteBuffer in) {
    return new Contribution(
        BinaryInput.text(in, "category"),
        BinaryInput.text(in, "poster name"),
        BinaryInput.nullableLong(in));
  }
}
