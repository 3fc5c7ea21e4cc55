package io.pinpipe.sourcedb.sample;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.post.GeoRow;
import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.UserRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 600 real posts of the original project (three JSON Lines files, original column names, raw
 * values), bundled as resources: the local pipeline's default data and the tests' fixtures.
 */
public final class SampleData {

  /** The raw files, one per source table, in the contract's naming. */
  public static final List<String> FILES = List.of("pin.jsonl", "geo.jsonl", "user.jsonl");

  /** How the sample writes DATETIME values: no zone, read as UTC. */
  public static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private SampleData() {}

  /** The bundled sample's posts, in the order of {@code pin.jsonl}. */
  public static List<Post> posts() {
    try {
      return join(
          readLines(open("pin.jsonl")),
          readLines(open("geo.jsonl")),
          readLines(open("user.jsonl")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts from a directory holding the three files in the sample's format. */
  public static List<Post> posts(Path directory) throws IOException {
    return join(
        readLines(Files.newInputStream(directory.resolve("pin.jsonl"))),
        readLines(Files.newInputStream(directory.resolve("geo.jsonl"))),
        readLines(Files.newInputStream(directory.resolve("user.jsonl"))));
  }

  /** Writes the bundled raw files, byte for byte, into a directory. */
  public static void copyTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    for (String file : FILES) {
      try (InputStream in = open(file)) {
        Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** A bundled raw file's lines, exactly as shipped. */
  public static List<String> rawLines(String file) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PinRow pin(JsonNode row) {
    return new PinRow(
        row.get("index").intValue(),
        text(row, "unique_id"),
        text(row, "title"),
        text(row, "description"),
        text(row, "poster_name"),
        text(row, "follower_count"),
        text(row, "tag_list"),
        text(row, "is_image_or_video"),
        text(row, "image_src"),
        integer(row, "downloaded"),
        text(row, "save_location"),
        text(row, "category"));
  }

  public static GeoRow geo(JsonNode row) {
    return new GeoRow(
        row.get("ind").intValue(),
        dateTime(row, "timestamp"),
        single(row, "latitude"),
        single(row, "longitude"),
        text(row, "country"));
  }

  public static UserRow user(JsonNode row) {
    return new UserRow(
        row.get("ind").intValue(),
        text(row, "first_name"),
        text(row, "last_name"),
        integer(row, "age"),
        dateTime(row, "date_joined"));
  }

  private static List<Post> join(List<JsonNode> pins, List<JsonNode> geos, List<JsonNode> users) {
    Map<Integer, GeoRow> geoByNumber = new LinkedHashMap<>();
    geos.forEach(node -> geoByNumber.put(node.get("ind").intValue(), geo(node)));
    Map<Integer, UserRow> userByNumber = new LinkedHashMap<>();
    users.forEach(node -> userByNumber.put(node.get("ind").intValue(), user(node)));
    List<Post> posts = new ArrayList<>(pins.size());
    for (JsonNode node : pins) {
      PinRow pin = pin(node);
      GeoRow geo = geoByNumber.get(pin.index());
      UserRow user = userByNumber.get(pin.index());
      if (geo == null || user == null) {
        throw new IllegalArgumentException("post " + pin.index() + " lacks its geo or user row");
      }
      posts.add(new Post(pin, geo, user));
    }
    return posts;
  }

  private static InputStream open(String file) {
    InputStream in = SampleData.class.getResourceAsStream(file);
    if (in == null) {
      throw new IllegalStateException("sample file missing from the classpath: " + file);
    }
    return in;
  }

  private static List<JsonNode> readLines(InputStream in) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    return rows;
  }

  private static String text(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Integer integer(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? null : value.intValue();
  }

  /** Parses the decimal text straight to float: going through double could round twice. */
  private static Float single(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull()
        ? null
        : Float.parseFloat(value.decimalValue().toString());
  }

  private static LocalDateTime dateTime(JsonNode row, String field) {
    String value = text(row, field);
    return value == null ? null : LocalDateTime.parse(value, DATETIME);
  }
}
