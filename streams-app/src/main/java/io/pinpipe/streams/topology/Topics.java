package io.pinpipe.streams.topology;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.stats.AnalyticsTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the app reads and writes, with its serdes, under one prefix (contract section 2).
 * Keys of topics that carry a post are the post number as decimal digits.
 */
public final class Topics {

  public static final String DEFAULT_PREFIX = "pinterest.";

  private final String prefix;

  public Topics(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** A raw topic, as the source connector or a REST Proxy client wrote it: bytes, untouched. */
  public Topic<byte[], byte[]> raw(SourcePart part) {
    return new Topic<>(prefix + part.topic(), Serdes.ByteArray(), Serdes.ByteArray());
  }

  public Topic<String, CleanPin> pinClean() {
    return new Topic<>(cleanName(SourcePart.PIN), Serdes.String(), CleanSerdes.PIN);
  }

  public Topic<String, CleanGeo> geoClean() {
    return new Topic<>(cleanName(SourcePart.GEO), Serdes.String(), CleanSerdes.GEO);
  }

  public Topic<String, CleanUser> userClean() {
    return new Topic<>(cleanName(SourcePart.USER), Serdes.String(), CleanSerdes.USER);
  }

  /** The joined posts, as contract JSON text. */
  public Topic<String, String> posts() {
    return new Topic<>(prefix + "posts", Serdes.String(), Serdes.String());
  }

  /** One analytics table, compacted, as contract JSON text. */
  public Topic<String, String> stats(AnalyticsTable table) {
    return new Topic<>(prefix + "stats." + table.tableName(), Serdes.String(), Serdes.String());
  }

  /** Rejected raw records: original key and bytes, the reason in headers. */
  public Topic<byte[], byte[]> dlq() {
    return new Topic<>(prefix + "dlq", Serdes.ByteArray(), Serdes.ByteArray());
  }

  public String cleanName(SourcePart part) {
    return prefix + part.topic() + ".clean";
  }

  public List<String> rawNames() {
    List<String> names = new ArrayList<>();
    for (SourcePart part : SourcePart.values()) {
      names.add(raw(part).name());
    }
    return names;
  }

  /** Topics the app writes to that are not compacted. */
  public List<String> streamOutputNames() {
    List<String> names = new ArrayList<>();
    for (SourcePart part : SourcePart.values()) {
      names.add(cleanName(part));
    }
    names.add(posts().name());
    names.add(dlq().name());
    return names;
  }

  /** The compacted analytics topics. */
  public List<String> statsNames() {
    List<String> names = new ArrayList<>();
    for (AnalyticsTable table : AnalyticsTable.values()) {
      names.add(stats(table).name());
    }
    return names;
  }
}
