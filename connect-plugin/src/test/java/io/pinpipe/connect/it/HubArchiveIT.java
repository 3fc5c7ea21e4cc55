package io.pinpipe.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.connect.MySqlSourceConnector;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged plugin zip is a Confluent Hub component archive (the layout and manifest the Hub
 * specification asks for) holding what MSK Connect needs and nothing the worker already has. The
 * other ITs load this same zip into a Connect 3.7 worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubArchiveIT {

  private List<String> entries;
  private String root;
  private JsonNode manifest;

  @BeforeAll
  void open() throws IOException {
    try (ZipFile archive = new ZipFile(ConnectWorker.pluginZip().toFile())) {
      entries = Collections.list(archive.entries()).stream().map(ZipEntry::getName).toList();
      root = entries.get(0).substring(0, entries.get(0).indexOf('/') + 1);
      ZipEntry manifestEntry = archive.getEntry(root + "manifest.json");
      assertThat(manifestEntry).as("manifest.json under %s", root).isNotNull();
      try (InputStream in = archive.getInputStream(manifestEntry)) {
        manifest = new ObjectMapper().readTree(in);
      }
    }
  }

  @Test
  void hasOneTopDirectoryNamedAfterOwnerComponentAndVersion() {
    String version = new MySqlSourceConnector().version();
    assertThat(root).isEqualTo("pinpipe-mysql-source-" + version + "/");
    assertThat(entries).allMatch(entry -> entry.startsWith(root));
  }

  @Test
  void theManifestDescribesASourceConnectorOfThisVersion() {
    assertThat(manifest.path("owner").path("username").asText()).isEqualTo("pinpipe");
    assertThat(manifest.path("name").asText()).isEqualTo("mysql-source");
    assertThat(manifest.path("version").asText()).isEqualTo(new MySqlSourceConnector().version());
    assertThat(manifest.path("component_types").toString()).isEqualTo("[\"source\"]");
    assertThat(manifest.path("features").path("kafka_connect_api").asBoolean()).isTrue();
    assertThat(manifest.path("license").path(0).path("name").asText())
        .isEqualTo("Apache License 2.0");
  }

  @Test
  void libHoldsTheConnectorAndItsDriversButNoWorkerJars() {
    List<String> jars =
        entries.stream()
            .filter(entry -> entry.startsWith(root + "lib/") && entry.endsWith(".jar"))
            .map(entry -> entry.substring((root + "lib/").length()))
            .toList();
    assertThat(jars)
        .anyMatch(jar -> jar.startsWith("pinpipe-connect-plugin-"))
        .anyMatch(jar -> jar.startsWith("mariadb-java-client-"))
        .anyMatch(jar -> jar.startsWith("rds-"))
        .noneMatch(jar -> jar.startsWith("kafka-") || jar.startsWith("connect-"))
        .noneMatch(jar -> jar.startsWith("slf4j-") || jar.startsWith("jackson-"));
  }

  @Test
  void docHoldsTheReadmeConfigReferenceLicenceAndNotices() {
    assertThat(entries)
        .contains(
            root + "doc/README.md",
            root + "doc/CONFIG.md",
            root + "doc/LICENSE",
            root + "doc/THIRD-PARTY-NOTICES.md");
  }
}
