package io.pinpipe.sourcedb.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.post.Post;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {

  @Test
  void bundlesSixHundredCompletePosts() {
    List<Post> posts = SampleData.posts();
    assertThat(posts).hasSize(600);
    assertThat(posts.stream().map(Post::number).distinct()).hasSize(600);
    assertThat(posts.get(0).number()).isEqualTo(33);
  }

  @Test
  void parsesFloatsStraightToSinglePrecision() {
    assertThat(SampleData.posts())
        .anySatisfy(p -> assertThat(p.geo().latitude()).isEqualTo(-89.9787f));
  }

  @Test
  void copiesTheRawFilesByteForByte(@TempDir Path directory) throws Exception {
    SampleData.copyTo(directory);
    for (String file : SampleData.FILES) {
      assertThat(Files.readAllLines(directory.resolve(file))).isEqualTo(SampleData.rawLines(file));
    }
    assertThat(SampleData.posts(directory)).isEqualTo(SampleData.posts());
  }
}
