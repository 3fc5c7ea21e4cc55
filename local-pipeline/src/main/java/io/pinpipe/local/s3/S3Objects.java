package io.pinpipe.local.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What the S3 sink has written, read from s3proxy's files: objects, bytes and records per topic.
 * Sink objects never change once written (their names come from offsets), so each object's record
 * count is read once and remembered.
 */
public final class S3Objects {

  /** {@code <topic>+<partition>+<start offset>.json[.gz]}: the sink's object name. */
  private static final Pattern OBJECT_NAME =
      Pattern.compile("(.+)\\+(\\d+)\\+(\\d+)\\.json(\\.gz)?");

  private final Path bucketDirectory;
  private final Map<Path, Long> recordsPerObject = new ConcurrentHashMap<>();

  public S3Objects(Path bucketDirectory) {
    this.bucketDirectory = bucketDirectory;
  }

  /** Per topic: objects, bytes and records, sorted by topic. */
  public Map<String, TopicObjects> byTopic() {
    Map<String, TopicObjects> topics = new TreeMap<>();
    Path root = bucketDirectory.resolve("topics");
    if (!Files.isDirectory(root)) {
      return topics;
    }
    for (Path file : objectFiles(root)) {
      Matcher name = OBJECT_NAME.matcher(file.getFileName().toString());
      name.matches();
      try {
        long bytes = size(file);
        long records = recordsPerObject.computeIfAbsent(file, S3Objects::countRecords);
        topics.merge(name.group(1), new TopicObjects(1, bytes, records), TopicObjects::plus);
      } catch (UncheckedIOException replacedMeanwhile) {
        // s3proxy replaced the object (a rewrite after a crash): the next look counts it.
        recordsPerObject.remove(file);
      }
    }
    return topics;
  }

  /**
   * The sink's objects under {@code directory}, skipping s3proxy's temporary files, which it writes
   * beside an object and renames while anyone may be looking.
   */
  public static List<Path> objectFiles(Path directory) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile()
                  && OBJECT_NAME.matcher(file.getFileName().toString()).matches()) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException gone) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  /** The directory of one topic's objects, for queries over them. */
  public Path topicDirectory(String topic) {
    return bucketDirectory.resolve("topics").resolve(topic);
  }

  private static long size(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines (records) of one of the sink's objects, gzip-compressed or not. */
  public static BufferedReader openLines(Path object) throws IOException {
    InputStream raw = Files.newInputStream(object);
    try {
      InputStream in = object.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private static long countRecords(Path file) {
    try (BufferedReader reader = openLines(file)) {
      long lines = 0;
      while (reader.readLine() != null) {
        lines++;
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read S3 object " + file, e);
    }
  }

  /** One topic's share of the bucket. */
  public record TopicObjects(long objects, long bytes, long records) {
    public static final TopicObjects NONE = new TopicObjects(0, 0, 0);

    TopicObjects plus(TopicObjects other) {
      return new TopicObjects(
          objects + other.objects, bytes + other.bytes, records + other.records);
    }
  }
}
