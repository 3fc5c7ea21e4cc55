package io.pinpipe.support.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a plugin zip as MSK Connect does, and refusing one that writes outside its place. */
class PluginZipsTest {

  @TempDir Path directory;

  @Test
  void unpacksEveryEntryUnderTheZipsOwnDirectory() throws IOException {
    Path zip =
        zip(
            "pinpipe-mysql-source.zip",
            Map.of(
                "pinpipe-mysql-source-1.0/manifest.json", "{}",
                "pinpipe-mysql-source-1.0/lib/connector.jar", "jar bytes"));
    Path plugins = directory.resolve("plugins");

    Path unpacked = PluginZips.unpack(zip, PluginZips.directoryFor(plugins, zip));

    assertThat(unpacked).isEqualTo(plugins.resolve("pinpipe-mysql-source"));
    assertThat(unpacked.resolve("pinpipe-mysql-source-1.0/lib/connector.jar"))
        .hasContent("jar bytes");
    assertThat(unpacked.resolve("pinpipe-mysql-source-1.0/manifest.json")).hasContent("{}");
  }

  @Test
  void refusesAnEntryThatWouldLandOutsideItsDirectory() throws IOException {
    Path zip = zip("evil.zip", Map.of("../outside.txt", "overwritten"));

    assertThatThrownBy(() -> PluginZips.unpack(zip, directory.resolve("plugins/evil")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("../outside.txt");
    assertThat(directory.resolve("plugins/outside.txt")).doesNotExist();
  }

  @Test
  void namesAMissingZip() {
    Path missing = directory.resolve("absent.zip");

    assertThatThrownBy(() -> PluginZips.unpack(missing, directory.resolve("plugins/absent")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
  }

  private Path zip(String name, Map<String, String> entries) throws IOException {
    Path zip = directory.resolve(name);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }
}
