package io.pinpipe.streams.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of the cleaned records: the contract's JSON on the wire, records in the topology. */
final class CleanSerdes {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final Serde<CleanPin> PIN = json(CleanPin::toJson, CleanSerdes::pin);
  static final Serde<CleanGeo> GEO = json(CleanGeo::toJson, CleanSerdes::geo);
  static final Serde<CleanUser> USER = json(CleanUser::toJson, CleanSerdes::user);

  private CleanSerdes() {}

  private static <T> Serde<T> json(Function<T, String> writer, Function<JsonNode, T> reader) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : writer.apply(value).getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return reader.apply(JSON.readTree(bytes));
          } catch (IOException e) {
            throw new UncheckedIOException("not a cleaned record on " + topic, e);
          }
        });
  }

  private static CleanPin pin(JsonNode node) {
    return new CleanPin(
        node.get("ind").longValue(),
        text(node, "unique_id"),
        text(node, "title"),
        text(node, "description"),
        integer(node, "follower_count"),
        text(node, "poster_name"),
        text(node, "tag_list"),
        text(node, "is_image_or_video"),
        text(node, "image_src"),
        text(node, "save_location"),
        text(node, "category"));
  }

  private static CleanGeo geo(JsonNode node) {
    JsonNode coordinates = node.get("coordinates");
    boolean hasCoordinates = coordinates != null && coordinates.isArray();
    return new CleanGeo(
        node.get("ind").longValue(),
        text(node, "country"),
        hasCoordinates ? coordinates.get(0).doubleValue() : null,
        hasCoordinates ? coordinates.get(1).doubleValue() : null,
        instant(node, "timestamp"));
  }

  private static CleanUser user(JsonNode node) {
    return new CleanUser(
        node.get("ind").longValue(), text(node, "user_name"), integer(node, "age"), instant(node, "date_joined"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.textValue();
  }

  private static Long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.longValue();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : Instant.parse(value);
  }
}
