package io.pinpipe.local.pipeline;

import io.pinpipe.sourcedb.SourceDatabase;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code pinpipe run} starts.
 *
 * @param dataDirectory where every component keeps its files
 * @param clean wipe {@code dataDirectory} first
 * @param externalDatabase a MySQL-compatible database to use instead of the embedded MariaDB
 * @param databasePort the embedded MariaDB's port; 0 picks a free one
 * @param postsPerSecond the emulator's rate; 0 posts as fast as it goes
 * @param posts posts the emulator makes; 0 goes on until Ctrl-C
 * @param syntheticPosts generated posts loaded after the sample, before posting starts
 * @param exitWhenDone stop once {@code posts} posts are in, instead of waiting for Ctrl-C
 */
public record LocalPipelineOptions(
    Path dataDirectory,
    boolean clean,
    Optional<SourceDatabase> externalDatabase,
    int databasePort,
    double postsPerSecond,
    long posts,
    int syntheticPosts,
    boolean exitWhenDone) {

  public LocalPipelineOptions {
    if (exitWhenDone && posts == 0) {
      throw new IllegalArgumentException("--exit needs --posts N: it stops once N posts are in");
    }
    if (!(postsPerSecond >= 0) || Double.isInfinite(postsPerSecond)) {
      throw new IllegalArgumentException("--rate must be a number >= 0 posts per second, got " + postsPerSecond);
    }
    if (posts < 0) {
      throw new IllegalArgumentException("--posts must be >= 0 (0 = until Ctrl-C), got " + posts);
    }
    if (syntheticPosts < 0) {
      throw new IllegalArgumentException("--synthetic must be >= 0, got " + syntheticPosts);
    }
    if (databasePort < 0 || databasePort > 65_535) {
      throw new IllegalArgumentException("--db-port must be between 0 and 65535, got " + databasePort);
    }
  }
}
