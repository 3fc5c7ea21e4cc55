package io.pinpipe.s3sink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of Confluent's S3 sink 10.6 and what the real connector does with each, from the
 * reference kept beside this class ({@code confluent-s3-sink-10.6-keys.tsv}). A config that is
 * valid on MSK Connect must start locally, so the local sink accepts all of them.
 */
public final class ConfluentS3SinkKeys {

  static final String RESOURCE = "confluent-s3-sink-10.6-keys.tsv";
  private static final ConfluentS3SinkKeys INSTANCE = load();

  /**
   * Exact keys, and prefixes (their listed form without the trailing {@code *}), to what the real
   * connector does.
   */
  private final Map<String, String> keys;

  private final Map<String, String> prefixes;

  private ConfluentS3SinkKeys(Map<String, String> keys, Map<String, String> prefixes) {
    this.keys = Collections.unmodifiableMap(keys);
    this.prefixes = Collections.unmodifiableMap(prefixes);
  }

  public static ConfluentS3SinkKeys reference() {
    return INSTANCE;
  }

  /** The exact keys of the reference, in its order. */
  public Map<String, String> keys() {
    return keys;
  }

  /** The prefixes of the reference (without the {@code *}), in its order. */
  public Map<String, String> prefixes() {
    return prefixes;
  }

  /** What the real connector does with {@code key}, if it is one of its keys. */
  public Optional<String> meaning(String key) {
    String exact = keys.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    return prefixes.entrySet().stream()
        .filter(prefix -> key.startsWith(prefix.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static ConfluentS3SinkKeys load() {
    Map<String, String> keys = new LinkedHashMap<>();
    Map<String, String> prefixes = new LinkedHashMap<>();
    try (InputStream in = ConfluentS3SinkKeys.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing from the class path: " + RESOURCE);
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new IllegalStateException(RESOURCE + ": a line without key and meaning: " + line);
        }
        String key = line.substring(0, tab);
        String meaning = line.substring(tab + 1).trim();
        if (key.endsWith("*")) {
          prefixes.put(key.substring(0, key.length() - 1), meaning);
        } else {
          keys.put(key, meaning);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ConfluentS3SinkKeys(keys, prefixes);
  }
}
