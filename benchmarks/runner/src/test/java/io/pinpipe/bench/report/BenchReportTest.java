package io.pinpipe.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  @TempDir Path output;

  @Test
  void writesTheFiguresAndRatiosToolsReadAndTheTablePeopleRead() throws Exception {
    Samples samples = new Samples();
    samples.higher("load.pinpipe.rows_per_s", "rows/s", 90);
    samples.higher("load.pinpipe.rows_per_s", "rows/s", 110);
    samples.higher("load.debezium.rows_per_s", "rows/s", 50);
    Ratio ratio =
        Ratio.of(
            "connector_vs_debezium",
            samples.figure("load.pinpipe.rows_per_s"),
            samples.figure("load.debezium.rows_per_s"),
            1);
    BenchReport report =
        new BenchReport(
            "./pinpipe bench --runs 2",
            new Machine("cpu", 2, 24_000, "Linux", "Java 17"),
            Map.of("runs", 2),
            samples.figures(),
            List.of(ratio),
            List.of("a note"),
            Instant.parse("2026-11-21T12:00:00Z"));

    report.write(output);

    JsonNode json =
        new ObjectMapper().readTree(Files.readString(output.resolve("benchmarks.json")));
    JsonNode first = json.get("figures").get(0);
    assertThat(first.get("name").asText()).isEqualTo("load.pinpipe.rows_per_s");
    assertThat(first.get("unit").asText()).isEqualTo("rows/s");
    assertThat(first.get("median").asDouble()).isEqualTo(100.0);
    assertThat(first.get("min").asDouble()).isEqualTo(90.0);
    assertThat(first.get("max").asDouble()).isEqualTo(110.0);
    assertThat(json.get("ratios").get("connector_vs_debezium").asDouble()).isEqualTo(2.0);
    assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    String markdown = Files.readString(output.resolve("BENCHMARKS.md"));
    assertThat(markdown)
        .contains("./pinpipe bench --runs 2")
        .contains("| connector_vs_debezium |")
        .contains("a note");
  }
}
