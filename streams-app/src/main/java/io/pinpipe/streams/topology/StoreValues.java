package io.pinpipe.streams.topology;

import io.pinpipe.streams.binary.BinaryInput;
import io.pinpipe.streams.binary.BinaryOutput;
import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.join.Post;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How the post assembler's store holds a post's parts: one compact binary value per post number,
 * not the clean topics' JSON. The assembler reads the post for every update of one of its parts,
 * and JSON there cost an eighth of a stream thread's time in parsing and writing; one value for the
 * three parts is one read per update instead of three.
 *
 * <p>The form is a version byte (1), then for the pin, the geo and the user part a presence byte
 * and, when present, the part's fields in declaration order: a long as 8 bytes; a nullable long,
 * double or instant as a presence byte and its value (an instant as epoch seconds and nanos); text
 * as its UTF-8 length (-1 for null) and bytes.
 */
final class StoreValues {

  private static final byte VERSION = 1;

  static final Serde<Post> POST =
      Serdes.serdeFrom(StoreValues::serialize, StoreValues::deserialize);

  private StoreValues() {}

  private static byte[] serialize(String topic, Post post) {
    if (post == null) {
      return null;
    }
    BinaryOutput out = new BinaryOutput();
    out.putByte(VERSION);
    out.putOptional(post.pin(), StoreValues::writePin);
    out.putOptional(post.geo(), StoreValues::writeGeo);
    out.putOptional(post.user(), StoreValues::writeUser);
    return out.toByteArray();
  }

  private static Post deserialize(String topic, byte[] data) {
    return BinaryInput.versioned(
        data,
        VERSION,
        "store value",
        topic,
        in ->
            new Post(
                BinaryInput.optional(in, StoreValues::readPin),
                BinaryInput.optional(in, StoreValues::readGeo),
                BinaryInput.optional(in, StoreValues::readUser)));
  }

  private static void writePin(BinaryOutput out, CleanPin pin) {
    out.putLong(pin.ind());
    out.putText(pin.uniqueId());
    out.putText(pin.title());
    out.putText(pin.description());
    out.putNullableLong(pin.followerCount());
    out.putText(pin.posterName());
    out.putText(pin.tagList());
    out.putText(pin.isImageOrVideo());
    out.putText(pin.imageSrc());
    out.putText(pin.saveLocation());
    out.putText(pin.category());
  }

  private static CleanPin readPin(ByteBuffer in) {
    return new CleanPin(
        in.getLong(),
        text(in),
        text(in),
        text(in),
        nullableLong(in),
        text(in),
        text(in),
        text(in),
        text(in),
        text(in),
        text(in));
  }

  private static void writeGeo(BinaryOutput out, CleanGeo geo) {
    out.putLong(geo.ind());
    out.putText(geo.country());
    out.putNullableDouble(geo.latitude());
    out.putNullableDouble(geo.longitude());
    out.putInstant(geo.timestamp());
  }

  private static CleanGeo readGeo(ByteBuffer in) {
    return new CleanGeo(
        in.getLong(), text(in), nullableDouble(in), nullableDouble(in), instant(in));
  }

  private static void writeUser(BinaryOutput out, CleanUser user) {
    out.putLong(user.ind());
    out.putText(user.userName());
    out.putNullableLong(user.age());
    out.putInstant(user.dateJoined());
  }

  private static CleanUser readUser(ByteBuffer in) {
    return new CleanUser(in.getLong(), text(in), nullableLong(in), instant(in));
  }

  private static String text(ByteBuffer in) {
    return BinaryInput.text(in, "store text");
  }

  private static Long nullableLong(ByteBuffer in) {
    return BinaryInput.nullableLong(in);
  }

  private static Double nullableDouble(ByteBuffer in) {
    return in.get() == 0 ? null : in.getDouble();
  }

  private static Instant instant(ByteBuffer in) {
    return in.get() == 0 ? null : Instant.ofEpochSecond(in.getLong(), in.getInt());
  }
}
