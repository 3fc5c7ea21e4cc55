package io.pinpipe.connect.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The configuration reference ({@code CONFIG.md}), generated from {@link MySqlSourceConfig}'s
 * definition so that it cannot drift from the code. {@code ConfigDocsTest} fails when the committed
 * file differs; run it with {@code -Dpinpipe.docs.write=true} to rewrite it.
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  public static String markdown() {
    StringBuilder doc = new StringBuilder();
    doc.append("# MySQL source connector: configuration reference\n\n");
    doc.append("Generated from `MySqlSourceConfig` by `ConfigDocs`; do not edit by hand.\n\n");
    doc.append("`connector.class=io.pinpipe.connect.MySqlSourceConnector`\n");
    Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
    for (ConfigDef.ConfigKey key : MySqlSourceConfig.CONFIG_DEF.configKeys().values()) {
      if (!key.internalConfig) {
        groups.computeIfAbsent(key.group, g -> new ArrayList<>()).add(key);
      }
    }
    for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : groups.entrySet()) {
      doc.append("\n## ").append(group.getKey()).append("\n\n");
      doc.append("| key | type | default | valid values | importance | description |\n");
      doc.append("|---|---|---|---|---|---|\n");
      group.getValue().sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
      for (ConfigDef.ConfigKey key : group.getValue()) {
        doc.append("| `")
            .append(key.name)
            .append("` | ")
            .append(key.type.name().toLowerCase())
            .append(" | ")
            .append(defaultText(key))
            .append(" | ")
            .append(key.validator == null ? "" : escape(key.validator.toString()))
            .append(" | ")
            .append(key.importance.name().toLowerCase())
            .append(" | ")
            .append(escape(key.documentation))
            .append(" |\n");
      }
    }
    return doc.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    if (value == null) {
      return "null";
    }
    String text = ConfigDef.convertToString(value, key.type);
    return text == null || text.isEmpty() ? "\"\"" : "`" + text + "`";
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
