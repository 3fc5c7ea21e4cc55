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
 * @param externalSslMode the source connector's {@code ssl.mode} for the external database (the
 *     embedded one has no certificate and is always read in plain text)
 * @param ports where the components listen; 0 picks a free port
 * @param postsPerSecond the emulator's rate; 0 posts as fast as it goes
 * @param posts posts the emulator makes; 0 goes on until Ctrl-C
 * @param syntheticPosts generated posts loaded after the sample, before posting starts
 * @param exitWhenDone stop once {@code posts} posts are in S3 and checked, instead of waiting for
 *     Ctrl-C
 */
public record LocalPipelineOptions(
    Path dataDirectory,
    boolean clean,
    Optional<SourceDatabase> externalDatabase,
    String externalSslMode,
    Ports ports,
    double postsPerSecond,
    long posts,
    int syntheticPosts,
    boolean exitWhenDone) {

  public LocalPipelineOptions {
    if (exitWhenDone && posts == 0) {
      throw new IllegalArgumentException("--exit needs --posts N: it stops once N posts are in S3");
    }
    if (!(postsPerSecond >= 0) || Double.isInfinite(postsPerSecond)) {
      throw new IllegalArgumentException(
          "--rate must be a number >= 0 posts per second, got " + postsPerSecond);
    }
    if (posts < 0) {
      throw new IllegalArgumentException("--posts must be >= 0 (0 = until Ctrl-C), got " + posts);
    }
    if (!java.util.List.of("verify-full", "verify-ca", "trust", "disable")
        .contains(externalSslMode)) {
      throw new IllegalArgumentException(
          "--db-ssl-mode must be verify-full, verify-ca, trust or disable, got " + externalSslMode);
    }
    if (syntheticPosts < 0) {
      throw new IllegalArgumentException("--synthetic must be >= 0, got " + syntheticPosts);
    }
  }

  /**
   * The ports of the local components.
   *
   * @param kafka the broker's client port
   * @param connect the Connect worker's REST API
   * @param s3 the S3 endpoint
   * @param database the embedded MariaDB
   */
  public record Ports(int kafka, int connect, int s3, int database) {
    /** Each component's usual port, so the usual tools find them; the database picks a free one. */
    public static final Ports DEFAULTS = new Ports(9092, 8083, 9000, 0);

    /** Free ports for everything: for tests, and for machines where the defaults are taken. */
    public static final Ports ANY_FREE = new Ports(0, 0, 0, 0);

    public Ports {
      check("--kafka-port", kafka);
      check("--connect-port", connect);
      check("--s3-port", s3);
      check("--db-port", database);
    }

    private static void check(String option, int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException(option + " must be between 0 and 65535, got " + port);
      }
    }
  }
}
