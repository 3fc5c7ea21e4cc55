package io.pinpipe.streams.topology;

import io.pinpipe.streams.binary.BinaryInput;
import io.pinpipe.streams.binary.BinaryOutput;
import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * How the tables of cleaned records hold their values: a compact binary form, not the clean
 * topics' JSON. The joins read the other side's row from its store for every update, and JSON
 * there cost an eighth of a stream thread's time in parsing and writing.
 *
 * <p>The form is a version byte, then the record's fields in declaration order: a long as 8
 * bytes; a nullable long, double or instant as a presence byte and its value (an instant as
 * epoch seconds and nanos); text as its UTF-8 length (-1 for null) and bytes. A value that
 * starts with {@code {} is read as the JSON these stores held before, so a changelog written by
 * an earlier release restores.
 */
final class StoreValues {

  private static final byte VERSION = 1;

  static final Serde<CleanPin> PIN = binary(StoreValues::writePin, StoreValues::readPin, CleanSerdes.PIN);
  static final Serde<CleanGeo> GEO = binary(StoreValues::writeGeo, StoreValues::readGeo, CleanSerdes.GEO);
  static final Serde<CleanUser> USER = binary(StoreValues::writeUser, StoreValues::readUser, CleanSerdes.USER);

  private StoreValues() {}

  private static <T> Serde<T> binary(BiConsumer<BinaryOutput, T> writer, Function<ByteBuffer, T> reader, Serde<T> json) {
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          BinaryOutput out = new BinaryOutput();
          out.putByte(VERSION);
          writer.accept(out, value);
          return out.toByteArray();
        },
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          if (data.length > 0 && data[0] == '{') {
            return json.deserializer().deserialize(topic, data);
          }
          try {
            ByteBuffer in = ByteBuffer.wrap(data);
            byte version = in.get();
            if (version != VERSION) {
              throw new SerializationException("unknown store value format version " + version + " in " + topic);
            }
            return reader.apply(in);
          } catch (BufferUnderflowException e) {
            throw new SerializationException("truncated store value of " + data.length + " bytes in " + topic, e);
          }
        });
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
        in.getLong(), text(in), text(in), text(in), nullableLong(in), text(in),
        text(in), text(in), text(in), text(in), text(in));
  }

  private static void writeGeo(BinaryOutput out, CleanGeo geo) {
    out.putLong(geo.ind());
    out.putText(geo.country());
    out.putNullableDouble(geo.latitude());
    out.putNullableDouble(geo.longitude());
    out.putInstant(geo.timestamp());
  }

  private static CleanGeo readGeo(ByteBuffer in) {
    return new CleanGeo(in.getLong(), text(in), nullableDouble(in), nullableDouble(in), instant(in));
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
