package io.pinpipe.connect;

import io.pinpipe.connect.catalog.TableCatalog;
import io.pinpipe.connect.config.MySqlSourceConfig;
import io.pinpipe.connect.config.TableSpec;
import io.pinpipe.connect.jdbc.ConnectionFactory;
import io.pinpipe.connect.jdbc.TransientErrors;
import io.pinpipe.connect.offset.TableOffset;
import io.pinpipe.connect.offset.TablePartition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A Kafka Connect source for MySQL and MariaDB tables (RDS included): new rows of each table, in
 * key order, keyed by their primary key, with exactly-once delivery on workers that enable it. The
 * connector validates and hands tables out to tasks; {@link MySqlSourceTask} reads.
 */
public final class MySqlSourceConnector extends SourceConnector {

  private Map<String, String> props;
  private MySqlSourceConfig config;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    this.config = new MySqlSourceConfig(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return MySqlSourceTask.class;
  }

  /** Tables round-robin over min(tables, maxTasks) tasks: a huge tasks.max is fine. */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<TableSpec> tables = config.tables();
    int tasks = Math.max(1, Math.min(tables.size(), maxTasks));
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < tables.size(); i++) {
      groups.get(i % tasks).add(tables.get(i).name());
    }
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> group : groups) {
      configs.add(MySqlSourceConfig.forTask(props, group));
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return MySqlSourceConfig.CONFIG_DEF;
  }

  /**
   * Both modes are deterministic: the offset of every record says exactly where reading resumes, so
   * a worker with exactly.once.source.support=enabled commits records and offsets in one
   * transaction and never duplicates a row after a crash.
   */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /**
   * Lets an operator move or reset a table's offset through Connect's REST API ({@code PATCH} and
   * {@code DELETE /connectors/NAME/offsets}, Connect 3.6+) while the connector is stopped. Each
   * partition must be one of this connector's tables in its database, and each offset one it can
   * read, or null (the table starts over); anything else is refused with what is wrong, before
   * Connect stores it and a task fails on it at start.
   */
  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    MySqlSourceConfig parsed = new MySqlSourceConfig(connectorConfig);
    String database = ConnectionFactory.databaseName(parsed.connectionUrl());
    Set<String> tables = new TreeSet<>();
    parsed.tables().forEach(table -> tables.add(table.name()));
    for (Map.Entry<Map<String, ?>, Map<String, ?>> offset : offsets.entrySet()) {
      TablePartition partition;
      try {
        partition = TablePartition.fromMap(offset.getKey());
      } catch (IllegalArgumentException e) {
        throw new ConnectException(e.getMessage() + " (a partition is {database, table})", e);
      }
      if (!partition.database().equals(database) || !tables.contains(partition.table())) {
        throw new ConnectException(
            "no such table of this connector: "
                + partition.database()
                + "."
                + partition.table()
                + " (it reads "
                + tables
                + " of "
                + database
                + ")");
      }
      if (offset.getValue() != null) {
        try {
          TableOffset.fromMap(offset.getValue());
        } catch (IllegalArgumentException e) {
          throw new ConnectException(partition.table() + ": " + e.getMessage(), e);
        }
      }
    }
    return true;
  }

  /**
   * Beyond the types and ranges of each key: the table overrides parse, the database is reachable
   * with these credentials, and each table exists with an integer, NOT NULL, indexed key column.
   * Each problem is reported on the key it concerns.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    // A misspelt key (batch.max.row) would otherwise be ignored, its default silently used.
    MySqlSourceConfig.unknownKeys(connectorConfigs)
        .forEach((key, reason) -> error(result, key, reason));
    if (result.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
      return result;
    }
    MySqlSourceConfig parsed;
    try {
      parsed = new MySqlSourceConfig(connectorConfigs);
    } catch (ConfigException e) {
      error(result, MySqlSourceConfig.keyOf(e).orElse(MySqlSourceConfig.TABLES), e.getMessage());
      return result;
    }
    String database;
    try {
      database = ConnectionFactory.databaseName(parsed.connectionUrl());
    } catch (IllegalArgumentException e) {
      error(result, MySqlSourceConfig.CONNECTION_URL, e.getMessage());
      return result;
    }
    try (Connection connection = ConnectionFactory.from(parsed).open()) {
      for (TableSpec table : parsed.tables()) {
        try {
          TableCatalog.describe(connection, database, table);
        } catch (TableCatalog.CatalogException e) {
          error(result, settingOf(table, e.concern(), connectorConfigs), e.getMessage());
        }
      }
    } catch (SQLException e) {
      error(
          result,
          MySqlSourceConfig.CONNECTION_URL,
          "cannot read the database: " + TransientErrors.describe(e));
    } catch (RuntimeException e) {
      error(result, MySqlSourceConfig.CONNECTION_URL, "cannot connect: " + e.getMessage());
    }
    return result;
  }

  /**
   * The setting that decided what a table problem concerns: the table's own override, the global
   * key, or the table list.
   */
  private static String settingOf(
      TableSpec table, TableCatalog.Concern concern, Map<String, String> props) {
    String override =
        switch (concern) {
          case KEY_COLUMN -> TableSpec.PREFIX + table.name() + ".key.column";
          case TIMESTAMP_COLUMN -> TableSpec.PREFIX + table.name() + ".timestamp.column";
          case TABLE -> null;
        };
    String global =
        switch (concern) {
          case KEY_COLUMN -> MySqlSourceConfig.INCREMENTING_COLUMN;
          case TIMESTAMP_COLUMN -> MySqlSourceConfig.TIMESTAMP_COLUMN;
          case TABLE -> null;
        };
    if (override != null && props.containsKey(override)) {
      return override;
    }
    if (global != null && !props.getOrDefault(global, "").isBlank()) {
      return global;
    }
    return MySqlSourceConfig.TABLES;
  }

  /**
   * Adds {@code message} to the key's result, adding the key when it is not one of the definition's
   * (table.x.key.column).
   */
  private static void error(Config config, String key, String message) {
    for (ConfigValue value : config.configValues()) {
      if (value.name().equals(key)) {
        value.addErrorMessage(message);
        return;
      }
    }
    ConfigValue value = new ConfigValue(key);
    value.addErrorMessage(message);
    config.configValues().add(value);
  }
}
