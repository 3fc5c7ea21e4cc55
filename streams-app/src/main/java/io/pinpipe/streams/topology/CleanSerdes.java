package io.pinpipe.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.json.UtcTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the cleaned records: the contract's JSON on the wire, records in the topology. Read
 * with Jackson's streaming parser, field by field, into the record: every clean record is read back
 * by a table, and a JSON tree built only to be copied out was a tenth of a stream thread.
 */
final class CleanSerdes {

  private static final JsonFactory JSON = new JsonFactory();

  static final Serde<CleanPin> PIN = json(CleanPin::toJson, CleanSerdes::pin);
  static final Serde<CleanGeo> GEO = json(CleanGeo::toJson, CleanSerdes::geo);
  static final Serde<CleanUser> USER = json(CleanUser::toJson, CleanSerdes::user);

  private CleanSerdes() {}

  /** Reads one record's fields; the parser stands on the object's opening brace. */
  @FunctionalInterface
  private interface FieldReader<T> {
    T read(JsonParser parser) throws IOException;
  }

  private static <T> Serde<T> json(Function<T, String> writer, FieldReader<T> reader) {
    return Serdes.serdeFrom(
        (topic, value) ->
            value == null ? null : writer.apply(value).getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
              throw new JsonParseException(parser, "not a JSON object");
            }
            return reader.read(parser);
          } catch (IOException e) {
            throw new UncheckedIOException("not a cleaned record on " + topic, e);
          }
        });
  }

  private static CleanPin pin(JsonParser parser) throws IOException {
    Long ind = null;
    Long followerCount = null;
    String uniqueId = null;
    String title = null;
    String description = null;
    String posterName = null;
    String tagList = null;
    String isImageOrVideo = null;
    String imageSrc = null;
    String saveLocation = null;
    String category = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      parser.nextToken();
      switch (field) {
        case "ind" -> ind = integer(parser);
        case "unique_id" -> uniqueId = text(parser);
        case "title" -> title = text(parser);
        case "description" -> description = text(parser);
        case "follower_count" -> followerCount = integer(parser);
        case "poster_name" -> posterName = text(parser);
        case "tag_list" -> tagList = text(parser);
        case "is_image_or_video" -> isImageOrVideo = text(parser);
        case "image_src" -> imageSrc = text(parser);
        case "save_location" -> saveLocation = text(parser);
        case "category" -> category = text(parser);
        default -> parser.skipChildren();
      }
    }
    return new CleanPin(
        postNumber(parser, ind),
        uniqueId,
        title,
        description,
        followerCount,
        posterName,
        tagList,
        isImageOrVideo,
        imageSrc,
        saveLocation,
        category);
  }

  private static CleanGeo geo(JsonParser parser) throws IOException {
    Long ind = null;
    String country = null;
    Double latitude = null;
    Double longitude = null;
    Instant timestamp = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      switch (field) {
        case "ind" -> ind = integer(parser);
        case "country" -> country = text(parser);
        case "coordinates" -> {
          if (token == JsonToken.START_ARRAY) {
            parser.nextToken();
            latitude = parser.getDoubleValue();
            parser.nextToken();
            longitude = parser.getDoubleValue();
            if (parser.nextToken() != JsonToken.END_ARRAY) {
              throw new JsonParseException(parser, "coordinates are not two numbers");
            }
          }
        }
        case "timestamp" -> timestamp = instant(parser);
        default -> parser.skipChildren();
      }
    }
    return new CleanGeo(postNumber(parser, ind), country, latitude, longitude, timestamp);
  }

  private static CleanUser user(JsonParser parser) throws IOException {
    Long ind = null;
    String userName = null;
    Long age = null;
    Instant dateJoined = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      parser.nextToken();
      switch (field) {
        case "ind" -> ind = integer(parser);
        case "user_name" -> userName = text(parser);
        case "age" -> age = integer(parser);
        case "date_joined" -> dateJoined = instant(parser);
        default -> parser.skipChildren();
      }
    }
    return new CleanUser(postNumber(parser, ind), userName, age, dateJoined);
  }

  private static long postNumber(JsonParser parser, Long ind) throws JsonParseException {
    if (ind == null) {
      throw new JsonParseException(parser, "no ind");
    }
    return ind;
  }

  private static String text(JsonParser parser) throws IOException {
    return parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.getText();
  }

  private static Long integer(JsonParser parser) throws IOException {
    return parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.getLongValue();
  }

  private static Instant instant(JsonParser parser) throws IOException {
    String value = text(parser);
    if (value == null) {
      return null;
    }
    Instant written = UtcTimes.parseOrNull(value);
    return written != null ? written : Instant.parse(value);
  }
}
