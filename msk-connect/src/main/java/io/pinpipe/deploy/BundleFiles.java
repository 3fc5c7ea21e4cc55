package io.pinpipe.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped files of the bundle (connector and worker properties, IAM policies), read from the
 * class path, and the one substitution they get: {@code ${deploy:key}} placeholders filled from
 * deployment settings. The same files serve AWS and the local pipeline; only the settings differ.
 */
public final class BundleFiles {

  public static final String SOURCE_CONNECTOR = "config/source-connector.properties";
  public static final String S3_SINK = "config/s3-sink.properties";
  public static final String WORKER = "config/worker.properties";
  public static final String EXECUTION_ROLE_POLICY = "iam/connector-execution-role-policy.json";
  public static final String EXECUTION_ROLE_TRUST = "iam/connector-execution-role-trust.json";
  public static final String DEPLOY_SETTINGS = "deploy.properties";
  public static final String ATHENA_TABLES = "athena/tables.sql";

  private static final Pattern KEY_LINE = Pattern.compile("(?m)^\\s*([^#!\\s=:][^=:\\s]*)\\s*[=:]");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{deploy:([a-z0-9.]+)}");

  private BundleFiles() {}

  /** The PinPipe version the bundle was built with (it names the plugin zip). */
  public static String version() {
    return parseProperties(text("bundle.properties")).get("version");
  }

  /** A shipped file's text. */
  public static String text(String file) {
    try (InputStream in = BundleFiles.class.getResourceAsStream("/msk-connect/" + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "bundle file missing from the class path: msk-connect/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shipped properties file, keys in file order, placeholders left as they are. */
  public static Map<String, String> properties(String file) {
    return parseProperties(text(file));
  }

  /** Properties text to a map in the order the keys appear. */
  public static Map<String, String> parseProperties(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new java.io.StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    Matcher key = KEY_LINE.matcher(text);
    while (key.find()) {
      if (properties.containsKey(key.group(1))) {
        ordered.put(key.group(1), properties.getProperty(key.group(1)));
      }
    }
    return ordered;
  }

  /** Fills every {@code ${deploy:key}}; a placeholder without a value is an error naming it. */
  public static String fill(String text, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for ${deploy:"
                + matcher.group(1)
                + "} (set "
                + matcher.group(1)
                + " in deploy.properties)");
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(filled).toString();
  }

  public static Map<String, String> fill(
      Map<String, String> properties, Map<String, String> values) {
    Map<String, String> filled = new LinkedHashMap<>();
    properties.forEach((key, value) -> filled.put(key, fill(value, values)));
    return filled;
  }

  /** The placeholder keys a text uses. */
  public static java.util.Set<String> placeholders(String text) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      keys.add(matcher.group(1));
    }
    return keys;
  }
}
