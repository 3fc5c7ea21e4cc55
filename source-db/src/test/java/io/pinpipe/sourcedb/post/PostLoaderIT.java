package io.pinpipe.sourcedb.post;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class PostLoaderIT {

  /** Prints the load rate as a figure; the million-post target is checked by the benchmark. */
  @Test
  void bulkLoadsGeneratedPostsIntoAllThreeTables(SourceDatabase database) throws Exception {
    int posts = 50_000;
    PostGenerator generator = new PostGenerator(11);
    long started = System.nanoTime();
    long loaded = new PostLoader(database).load(generator.posts(1, posts));
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "[figure] bulk load: %d posts (3 rows each) in %.2f s = %.0f posts/s%n",
        loaded, seconds, loaded / seconds);

    assertThat(loaded).isEqualTo(posts);
    try (Connection connection = database.open()) {
      for (SourceTable<?> table : SourceTable.ALL) {
        assertThat(PostReader.count(connection, table)).as(table.name()).isEqualTo(posts);
      }
      assertThat(PostReader.readAll(connection, SourceTable.PIN).get(posts - 1))
          .isEqualTo(generator.post(posts).pin());
    }
  }

  @Test
  void loadsOnlyPinsWhenAskedTo(SourceDatabase database) throws Exception {
    PostGenerator generator = new PostGenerator(12);
    long loaded = new PostLoader(database, 300).pinsOnly().load(generator.posts(1, 1_000));

    assertThat(loaded).isEqualTo(1_000);
    try (Connection connection = database.open()) {
      assertThat(PostReader.count(connection, SourceTable.PIN)).isEqualTo(1_000);
      assertThat(PostReader.count(connection, SourceTable.GEO)).isZero();
      assertThat(PostReader.count(connection, SourceTable.USER)).isZero();
      assertThat(PostReader.readAll(connection, SourceTable.PIN).get(999))
          .isEqualTo(generator.post(1_000).pin());
    }
  }
}
