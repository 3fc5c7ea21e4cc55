package io.pinpipe.connect.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * One table to read and how: its topic, key column, mode and timestamp column. Built from the
 * global settings and the table's own {@code table.<name>.*} overrides; an override for a table not
 * in {@code tables}, or an unknown setting, is rejected with its key.
 *
 * @param keyColumn the integer key column, or empty to use the table's primary key
 */
public record TableSpec(
    String name, String topic, String keyColumn, String mode, String timestampColumn) {

  public static final String PREFIX = "table.";
  private static final Pattern OVERRIDE = Pattern.compile("table\\.([^.]+)\\.(.+)");
  private static final Set<String> SETTINGS =
      Set.of("topic", "key.column", "mode", "timestamp.column");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public boolean timestampMode() {
    return MySqlSourceConfig.MODE_TIMESTAMP_INCREMENTING.equals(mode);
  }

  static List<TableSpec> parseAll(MySqlSourceConfig config, Map<String, String> props) {
    List<String> names = config.getList(MySqlSourceConfig.TABLES);
    for (String key : props.keySet()) {
      Matcher matcher = OVERRIDE.matcher(key);
      if (key.startsWith(PREFIX)
          && !key.startsWith("table.whitelist")
          && !key.startsWith("table.types")) {
        if (!matcher.matches() || !SETTINGS.contains(matcher.group(2))) {
          throw new ConfigException(
              key,
              props.get(key),
              "unknown table setting; use table.<name>.topic, .key.column, .mode or .timestamp.column");
        }
        if (!names.contains(matcher.group(1))) {
          throw new ConfigException(
              key, props.get(key), "table '" + matcher.group(1) + "' is not in 'tables'");
        }
      }
    }
    List<TableSpec> tables = new ArrayList<>();
    for (String name : names) {
      String topic =
          config.getString(MySqlSourceConfig.TOPIC_PREFIX)
              + props.getOrDefault(PREFIX + name + ".topic", name);
      if (!TOPIC.matcher(topic).matches()) {
        throw new ConfigException(PREFIX + name + ".topic", topic, "not a valid Kafka topic name");
      }
      String mode =
          props.getOrDefault(PREFIX + name + ".mode", config.getString(MySqlSourceConfig.MODE));
      if (!mode.equals(MySqlSourceConfig.MODE_INCREMENTING)
          && !mode.equals(MySqlSourceConfig.MODE_TIMESTAMP_INCREMENTING)) {
        throw new ConfigException(
            PREFIX + name + ".mode", mode, "must be incrementing or timestamp+incrementing");
      }
      String key =
          props.getOrDefault(
              PREFIX + name + ".key.column",
              config.getString(MySqlSourceConfig.INCREMENTING_COLUMN));
      String timestamp =
          props.getOrDefault(
              PREFIX + name + ".timestamp.column",
              config.getString(MySqlSourceConfig.TIMESTAMP_COLUMN));
      if (mode.equals(MySqlSourceConfig.MODE_TIMESTAMP_INCREMENTING) && timestamp.isBlank()) {
        throw new ConfigException(
            PREFIX + name + ".timestamp.column",
            timestamp,
            "timestamp+incrementing mode needs a timestamp column (timestamp.column.name or table."
                + name
                + ".timestamp.column)");
      }
      tables.add(new TableSpec(name, topic, key, mode, timestamp));
    }
    return List.copyOf(tables);
  }
}
