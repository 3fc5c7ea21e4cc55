package io.pinpipe.sourcedb.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleRoundTripIT {

  private SourceDatabase database;
  private final List<Post> sample = SampleData.posts();

  @BeforeAll
  void loadSample(SourceDatabase database) throws Exception {
    this.database = database;
    assertThat(new PostLoader(database, 128).load(sample)).isEqualTo(600);
  }

  @Test
  void readsBackEveryValueOfEveryPostUnchanged() throws Exception {
    try (Connection connection = database.open()) {
      List<Post> expected = sample.stream().sorted(Comparator.comparingInt(Post::number)).toList();
      assertThat(PostReader.readPosts(connection)).hasSize(600).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void keepsFloatsAsTheDatabasePrintsThem() throws Exception {
    try (Connection connection = database.open()) {
      Post post = find(connection, p -> p.geo().latitude() == -89.9787f);
      assertThat(Float.toString(post.geo().latitude())).isEqualTo("-89.9787");
    }
  }

  @Test
  void storesNonAsciiTextAsUtf8InTheDatabaseItself() throws Exception {
    Post withNbspAndEllipsis =
        sample.stream()
            .filter(p -> p.pin().description().endsWith("\u00a0"))
            .filter(p -> p.pin().description().contains("\u2026"))
            .findFirst()
            .orElseThrow();
    try (Connection connection = database.open();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT HEX(`description`) FROM `pinterest_data` WHERE `index` = ?")) {
      statement.setInt(1, withNbspAndEllipsis.number());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        // Compared as bytes on the server, so a wrong connection charset cannot cancel out.
        assertThat(rs.getString(1))
            .isEqualToIgnoringCase(
                HexFormat.of()
                    .formatHex(
                        withNbspAndEllipsis.pin().description().getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  @Test
  void keepsTrailingSpacesAndApostrophes() throws Exception {
    try (Connection connection = database.open()) {
      List<Post> readBack = PostReader.readPosts(connection);
      assertThat(readBack).anySatisfy(p -> assertThat(p.pin().posterName()).endsWith(" "));
      assertThat(readBack).anySatisfy(p -> assertThat(p.pin().posterName()).contains("'"));
      assertThat(readBack).anySatisfy(p -> assertThat(p.geo().country()).contains("'"));
    }
  }

  private static Post find(Connection connection, java.util.function.Predicate<Post> filter)
      throws Exception {
    return PostReader.readPosts(connection).stream().filter(filter).findFirst().orElseThrow();
  }
}
