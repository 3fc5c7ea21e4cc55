package io.pinpipe.local.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.RawRecords;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.streams.dryrun.DryRun;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
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
      write(input.resolve("pin.jsonl"), PostReader.readAll(connection, SourceTable.PIN), RawRecords::pin);
      write(input.resolve("geo.jsonl"), PostReader.readAll(connection, SourceTable.GEO), RawRecords::geo);
      write(input.resolve("user.jsonl"), PostReader.readAll(connection, SourceTable.USER), RawRecords::user);
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
}
