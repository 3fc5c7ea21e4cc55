package io.pinpipe.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL oracle checked on its own: the 600 real sample posts in a real MariaDB give exactly the
 * contract's expected analytics for the sample, files written independently of both the app and the
 * oracle. The pipeline ITs then trust it on data the contract has no expected files for.
 */
class DatabaseAnswersIT {

  private static EmbeddedMariaDb mariaDb;

  @BeforeAll
  static void loadTheSample() throws Exception {
    mariaDb = EmbeddedMariaDb.start(EmbeddedMariaDb.Settings.temporary());
    try (Connection connection = mariaDb.database().open()) {
      SourceSchema.apply(connection);
    }
    new PostLoader(mariaDb.database()).load(SampleData.posts());
  }

  @AfterAll
  static void stop() {
    mariaDb.close();
  }

  @Test
  void theSampleGivesTheContractsExpectedAnswers() throws Exception {
    Map<AnalyticsTable, Set<JsonNode>> answers = DatabaseAnswers.compute(mariaDb.database());
    for (AnalyticsTable table : AnalyticsTable.values()) {
      assertThat(answers.get(table))
          .as(table.tableName())
          .isNotEmpty()
          .isEqualTo(DatabaseAnswers.asJson(expected(table)));
    }
  }

  private static java.util.List<String> expected(AnalyticsTable table) throws IOException {
    String resource = "/io/pinpipe/streams/dryrun/expected/" + table.tableName() + ".jsonl";
    try (InputStream in = DatabaseAnswersIT.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the class path (pinpipe-streams' test jar)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank())
          .toList();
    }
  }
}
