package io.pinpipe.streams.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.sample.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The dry run on the real sample writes exactly the contract's expected files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DryRunTest {

  private Path output;
  private List<String> expectedFiles;

  @BeforeAll
  void runOnTheSample(@TempDir Path directory) throws Exception {
    Path input = directory.resolve("input");
    SampleData.copyTo(input);
    output = directory.resolve("output");
    DryRun.run(input, output);
    try (Stream<Path> files = Files.list(expectedDirectory())) {
      expectedFiles = files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesEveryExpectedFileAndAnEmptyDeadLetterFile() throws IOException {
    try (Stream<Path> files = Files.list(output)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(expectedFiles.stream(), Stream.of("dlq.jsonl")).toList());
    }
    assertThat(Files.readString(output.resolve("dlq.jsonl"))).isEmpty();
  }

  @Test
  void everyFileMatchesTheExpectedOneLineByLine() throws Exception {
    assertThat(expectedFiles).hasSize(13);
    for (String file : expectedFiles) {
      List<String> expected =
          Files.readAllLines(expectedDirectory().resolve(file), StandardCharsets.UTF_8);
      List<String> actual = Files.readAllLines(output.resolve(file), StandardCharsets.UTF_8);
      assertThat(actual).as(file).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void filesAreByteIdenticalToTheExpectedOnes() throws Exception {
    for (String file : expectedFiles) {
      try (InputStream expected = Files.newInputStream(expectedDirectory().resolve(file))) {
        assertThat(Files.readAllBytes(output.resolve(file)))
            .as(file)
            .isEqualTo(expected.readAllBytes());
      }
    }
  }

  private static Path expectedDirectory() throws URISyntaxException {
    return Path.of(DryRunTest.class.getResource("expected").toURI());
  }
}
