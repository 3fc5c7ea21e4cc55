package io.pinpipe.sourcedb.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.GeoRow;
import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.PostLoader;
import io.pinpipe.sourcedb.post.PostReader;
import io.pinpipe.sourcedb.post.SourceTable;
import io.pinpipe.sourcedb.post.UserRow;
import io.pinpipe.sourcedb.sample.SampleData;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import io.pinpipe.support.testing.Await;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class PostingEmulatorIT {

  private static final List<Post> SAMPLE = SampleData.posts();

  @Test
  void insertsExactlyTheRequestedNumberOfCompletePosts(SourceDatabase database) throws Exception {
    new PostLoader(database).load(SAMPLE);
    PostingEmulator emulator =
        new PostingEmulator(
            database, PostSource.cycling(SAMPLE), EmulatorSettings.defaults().withPosts(250));

    PostingEmulator.Result result = emulator.run();

    assertThat(result.posts()).isEqualTo(250);
    try (Connection connection = database.open()) {
      for (SourceTable<?> table : SourceTable.ALL) {
        assertThat(PostReader.count(connection, table)).as(table.name()).isEqualTo(850);
      }
      List<Post> posts = PostReader.readPosts(connection);
      assertThat(posts).hasSize(850);
      // New posts are numbered after the sample's highest, with the sample's content.
      List<Post> emulated = posts.stream().filter(p -> p.number() > 10_986).toList();
      assertThat(emulated).hasSize(250);
      assertThat(emulated.get(0).pin().uniqueId()).isEqualTo(SAMPLE.get(0).pin().uniqueId());
      assertThat(emulated.get(0).geo().latitude()).isEqualTo(SAMPLE.get(0).geo().latitude());
    }
  }

  @Test
  void postsSyntheticContentWithRowsCommittedSeparatelyAndOutOfOrder(SourceDatabase database)
      throws Exception {
    EmulatorSettings settings =
        EmulatorSettings.defaults()
            .withPosts(200)
            .withConnections(4)
            .withTransactions(EmulatorSettings.Transactions.PER_ROW)
            .withMaxCommitDelay(Duration.ofMillis(5));

    PostingEmulator emulator =
        new PostingEmulator(database, PostSource.synthetic(new PostGenerator(3)), settings);
    emulator.run();

    try (Connection connection = database.open()) {
      List<Post> posts = PostReader.readPosts(connection);
      assertThat(posts).hasSize(200);
      assertThat(posts.stream().map(Post::number)).doesNotHaveDuplicates();
      assertThat(emulator.highestNumber()).isEqualTo(posts.get(199).number());
    }
  }

  @Test
  void stopsWhenAskedAndReportsWhatItPosted(SourceDatabase database) throws Exception {
    PostingEmulator emulator =
        new PostingEmulator(database, PostSource.cycling(SAMPLE), EmulatorSettings.defaults());
    CompletableFuture<PostingEmulator.Result> running = emulator.runInBackground();
    Await.until(
        "20 posts inserted",
        Duration.ofMinutes(1),
        () -> emulator.inserted() >= 20 || running.isDone());
    emulator.stop();
    PostingEmulator.Result result = running.get();

    try (Connection connection = database.open()) {
      assertThat(PostReader.count(connection, SourceTable.USER)).isEqualTo(result.posts());
    }
    assertThat(result.posts()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void failsWithTheDatabasesReasonWhenATableIsMissing(SourceDatabase database) throws Exception {
    try (Connection connection = database.open()) {
      connection.createStatement().execute("DROP TABLE `user_data`");
    }
    PostingEmulator emulator =
        new PostingEmulator(
            database, PostSource.cycling(SAMPLE), EmulatorSettings.defaults().withPosts(5));

    assertThatThrownBy(emulator::run)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("user_data");
  }

  @Test
  void keepsTheContentOfAPostWhenRenumbering() {
    Post post = SAMPLE.get(1).withNumber(99_999);
    assertThat(post.pin()).isEqualTo(withIndex(SAMPLE.get(1).pin(), 99_999));
    assertThat(post.geo())
        .isEqualTo(
            new GeoRow(
                99_999,
                SAMPLE.get(1).geo().timestamp(),
                SAMPLE.get(1).geo().latitude(),
                SAMPLE.get(1).geo().longitude(),
                SAMPLE.get(1).geo().country()));
    assertThat(post.user())
        .isEqualTo(
            new UserRow(
                99_999,
                SAMPLE.get(1).user().firstName(),
                SAMPLE.get(1).user().lastName(),
                SAMPLE.get(1).user().age(),
                SAMPLE.get(1).user().dateJoined()));
  }

  private static PinRow withIndex(PinRow pin, int index) {
    return pin.withIndex(index);
  }
}
