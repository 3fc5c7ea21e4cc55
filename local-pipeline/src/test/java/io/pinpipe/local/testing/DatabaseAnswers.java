package io.pinpipe.local.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.GeoRow;
import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.post.UserRow;
import io.pinpipe.streams.dryrun.DryRun;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The analytics tables as they must be for what the database holds now: its rows written as the
 * source connector writes them, run through the production topology without a broker (dry run).
 */
public final class DatabaseAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DatabaseAnswers() {}

  /** Each table's values (JSON lines as the app writes them), sorted. */
  public static Map<AnalyticsTable, List<String>> compute(SourceDatabase database, Path work) throws Exception {
    Path input = Files.createDirectories(work.resolve("database-rows"));
    try (Connection connection = database.open()) {
      write(input.resolve("pin.jsonl"), PostReader.readAll(connection, SourceTable.PIN), DatabaseAnswers::pinJson);
      write(input.resolve("geo.jsonl"), PostReader.readAll(connection, SourceTable.GEO), DatabaseAnswers::geoJson);
      write(input.resolve("user.jsonl"), PostReader.readAll(connection, SourceTable.USER), DatabaseAnswers::userJson);
    }
    Path answers = Files.createDirectories(work.resolve("database-answers"));
    DryRun.run(input, answers);
    Map<AnalyticsTable, List<String>> tables = new EnumMap<>(AnalyticsTable.class);
    for (AnalyticsTable table : AnalyticsTable.values()) {
      tables.put(table, Files.readAllLines(answers.resolve(table.tableName() + ".jsonl")).stream().sorted().toList());
    }
    return tables;
  }

  private static <R> void write(Path file, List<R> rows, Function<R, Map<String, Object>> toJson) throws Exception {
    List<String> lines = new ArrayList<>();
    for (R row : rows) {
      lines.add(JSON.writeValueAsString(toJson.apply(row)));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** A pin row as the source connector writes it: original column names, raw values. */
  private static Map<String, Object> pinJson(PinRow pin) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("index", pin.index());
    row.put("unique_id", pin.uniqueId());
    row.put("title", pin.title());
    row.put("description", pin.description());
    row.put("poster_name", pin.posterName());
    row.put("follower_count", pin.followerCount());
    row.put("tag_list", pin.tagList());
    row.put("is_image_or_video", pin.isImageOrVideo());
    row.put("image_src", pin.imageSrc());
    row.put("downloaded", pin.downloaded());
    row.put("save_location", pin.saveLocation());
    row.put("category", pin.category());
    return row;
  }

  private static Map<String, Object> geoJson(GeoRow geo) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ind", geo.ind());
    row.put("timestamp", geo.timestamp() == null ? null : geo.timestamp().toString());
    row.put("latitude", geo.latitude());
    row.put("longitude", geo.longitude());
    row.put("country", geo.country());
    return row;
  }

  private static Map<String, Object> userJson(UserRow user) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ind", user.ind());
    row.put("first_name", user.firstName());
    row.put("last_name", user.lastName());
    row.put("age", user.age());
    row.put("date_joined", user.dateJoined() == null ? null : user.dateJoined().toString());
    return row;
  }
}
