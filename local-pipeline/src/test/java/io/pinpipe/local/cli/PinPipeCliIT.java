package io.pinpipe.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class PinPipeCliIT {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return PinPipeCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void emulateInsertsExactlyTheRequestedPostsIntoAnyDatabase(SourceDatabase database)
      throws Exception {
    int exit =
        run(
            "emulate",
            "--jdbc-url",
            database.jdbcUrl(),
            "--db-user",
            database.user(),
            "--rate",
            "0",
            "--posts",
            "120",
            "--source",
            "synthetic",
            "--connections",
            "3",
            "--transaction-per",
            "row");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Posted 120 posts");
    try (Connection connection = database.open()) {
      for (SourceTable<?> table : SourceTable.ALL) {
        assertThat(PostReader.count(connection, table)).as(table.name()).isEqualTo(120);
      }
    }
  }

  @Test
  void emulateNamesTheCauseWhenTheDatabaseIsUnreachable() {
    int exit =
        run(
            "emulate",
            "--jdbc-url",
            "jdbc:mariadb://127.0.0.1:1/nowhere?connectTimeout=500",
            "--posts",
            "1");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines().findFirst().orElse(""))
        .startsWith("pinpipe emulate: error: ");
    assertThat(err.toString()).doesNotContain("\tat ");
  }

  @Test
  void runGoesThroughTheWholePipelineAndWritesTheSummary(@TempDir Path dataDirectory)
      throws Exception {
    int exit =
        run(
            "run",
            "--data-dir",
            dataDirectory.toString(),
            "--rate",
            "0",
            "--posts",
            "25",
            "--synthetic",
            "300",
            "--exit",
            "--kafka-port",
            "0",
            "--connect-port",
            "0",
            "--s3-port",
            "0");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Loading the real sample (600 posts)", "Loading 300 synthetic posts", "Summary")
        .contains("posts in the database  925 (25 posted this run)")
        .contains("=> batch and streaming agree", "Budgets  first S3 object after");
    JsonNode summary = new ObjectMapper().readTree(dataDirectory.resolve("summary.json").toFile());
    assertThat(summary.path("posts_inserted").asLong()).isEqualTo(925);
    assertThat(summary.path("records_per_topic").path("pinterest.posts").asLong()).isEqualTo(925);
    assertThat(summary.path("s3_records_per_topic").path("pinterest.pin").asLong()).isEqualTo(925);
    assertThat(summary.path("dlq_records").asLong()).isZero();
    assertThat(summary.path("batch_check").path("agrees").asBoolean()).isTrue();
    assertThat(summary.path("seconds_to_first_s3_object").asDouble()).isPositive();
    assertThat(summary.path("peak_resident_memory_mb").asLong()).isPositive();
    assertThat(summary.path("analytics").path("top_category_by_country").size()).isPositive();
  }
}
