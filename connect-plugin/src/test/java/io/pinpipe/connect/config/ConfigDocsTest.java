package io.pinpipe.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private static final Path DOC = Path.of("CONFIG.md");

  @Test
  void theCommittedReferenceIsTheOneGeneratedFromTheCode() throws Exception {
    String generated = ConfigDocs.markdown();
    if (Boolean.getBoolean("pinpipe.docs.write")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("run ConfigDocsTest with -Dpinpipe.docs.write=true to regenerate").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).isEqualTo(generated);
    for (String key : MySqlSourceConfig.CONFIG_DEF.names()) {
      if (!key.equals(MySqlSourceConfig.TASK_TABLES)) {
        assertThat(generated).contains("`" + key + "`");
      }
    }
  }
}
