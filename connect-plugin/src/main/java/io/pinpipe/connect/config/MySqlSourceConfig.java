package io.pinpipe.connect.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every setting of the MySQL source connector, declared once with type, default, validator,
 * importance, doc and group. Key names follow Confluent's JDBC source connector where the meaning
 * is the same ({@code connection.url}, {@code topic.prefix}, {@code mode}, {@code batch.max.rows},
 * {@code poll.interval.ms}, ...). Per-table settings are {@code table.<name>.<setting>}: see {@link
 * TableSpec}.
 */
public final class MySqlSourceConfig extends AbstractConfig {

  public static final String CONNECTION_URL = "connection.url";
  public static final String CONNECTION_USER = "connection.user";
  public static final String CONNECTION_PASSWORD = "connection.password";
  public static final String SSL_MODE = "ssl.mode";
  public static final String SSL_CA_BUNDLE = "ssl.ca.bundle";
  public static final String IAM_AUTH_ENABLED = "iam.auth.enabled";
  public static final String AWS_REGION = "aws.region";

  public static final String TABLES = "tables";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String MODE = "mode";
  public static final String INCREMENTING_COLUMN = "incrementing.column.name";
  public static final String TIMESTAMP_COLUMN = "timestamp.column.name";

  public static final String POLL_INTERVAL_MS = "poll.interval.ms";
  public static final String BATCH_MAX_ROWS = "batch.max.rows";
  public static final String GAP_GRACE_PERIOD_MS = "gap.grace.period.ms";
  public static final String GAP_RECHECK_HORIZON_MS = "gap.recheck.horizon.ms";
  public static final String TIMESTAMP_DELAY_MS = "timestamp.delay.interval.ms";
  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
  public static final String TRANSIENT_ERROR_RETRIES = "transient.error.retries";

  public static final String FLOAT_MODE = "float.mode";
  public static final String DATETIME_MODE = "datetime.mode";

  /** Set by the connector for each task: the tables that task reads. */
  public static final String TASK_TABLES = "task.tables";

  public static final String MODE_INCREMENTING = "incrementing";
  public static final String MODE_TIMESTAMP_INCREMENTING = "timestamp+incrementing";
  public static final String FLOAT_DECIMAL = "decimal_double";
  public static final String FLOAT_FLOAT32 = "float32";
  public static final String DATETIME_ISO = "iso_string";
  public static final String DATETIME_TIMESTAMP = "connect_timestamp";

  static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");

  private static final String GROUP_CONNECTION = "Connection";
  private static final String GROUP_TABLES = "Tables";
  private static final String GROUP_POLLING = "Polling";
  private static final String GROUP_RECORDS = "Records";

  public static final ConfigDef CONFIG_DEF = definition();

  private final List<TableSpec> tables;

  public MySqlSourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    tables = TableSpec.parseAll(this, props);
  }

  private static ConfigDef definition() {
    int order = 0;
    ConfigDef def = new ConfigDef();
    def.define(
        CONNECTION_URL,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        new JdbcUrlValidator(),
        Importance.HIGH,
        "JDBC URL of the MySQL 8, RDS MySQL or MariaDB database, with the database name: "
            + "jdbc:mysql://host:3306/pinterest (jdbc:mariadb:// works too).",
        GROUP_CONNECTION,
        ++order,
        Width.LONG,
        "JDBC URL");
    def.define(
        CONNECTION_USER,
        Type.STRING,
        "",
        Importance.HIGH,
        "Database user. Needs SELECT on the tables, and PROCESS to see open transactions (see gap.grace.period.ms).",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "User");
    def.define(
        CONNECTION_PASSWORD,
        Type.PASSWORD,
        null,
        Importance.HIGH,
        "Database password; give it through a config provider (for example ${secretsmanager:...} on MSK Connect), "
            + "never in plain text. Not used when iam.auth.enabled is true.",
        GROUP_CONNECTION,
        ++order,
        Width.MEDIUM,
        "Password");
    def.define(
        SSL_MODE,
        Type.STRING,
        "verify-full",
        ConfigDef.ValidString.in("verify-full", "verify-ca", "trust", "disable"),
        Importance.HIGH,
        "TLS to the database: verify-full (encrypt, check the certificate chain and the host name; the default), "
            + "verify-ca (chain only), trust (encrypt, check nothing: testing only), disable (plain text: local databases only).",
        GROUP_CONNECTION,
        ++order,
        Width.SHORT,
        "TLS mode");
    def.define(
        SSL_CA_BUNDLE,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Path of a PEM file with the CA certificates to trust, for example the RDS bundle global-bundle.pem; "
            + "empty uses the JVM's trust store.",
        GROUP_CONNECTION,
        ++order,
        Width.LONG,
        "CA bundle");
    def.define(
        IAM_AUTH_ENABLED,
        Type.BOOLEAN,
        false,
        Importance.MEDIUM,
        "Authenticate with RDS IAM database authentication: a fresh token for every connection, signed with the "
            + "worker's AWS credentials; no password is stored. Needs TLS and rds-db:connect.",
        GROUP_CONNECTION,
        ++order,
        Width.SHORT,
        "IAM auth");
    def.define(
        AWS_REGION,
        Type.STRING,
        "",
        Importance.LOW,
        "AWS region of the RDS instance for IAM tokens; empty takes it from the environment.",
        GROUP_CONNECTION,
        ++order,
        Width.SHORT,
        "AWS region");

    order = 0;
    def.define(
        TABLES,
        Type.LIST,
        ConfigDef.NO_DEFAULT_VALUE,
        new TableListValidator(),
        Importance.HIGH,
        "Tables to read, comma separated. Each can be tuned with table.<name>.topic (topic name after topic.prefix; "
            + "default the table name), table.<name>.key.column, table.<name>.mode and table.<name>.timestamp.column.",
        GROUP_TABLES,
        ++order,
        Width.LONG,
        "Tables");
    def.define(
        TOPIC_PREFIX,
        Type.STRING,
        "",
        Importance.HIGH,
        "Prefix of every topic: a table's records go to <topic.prefix><topic>.",
        GROUP_TABLES,
        ++order,
        Width.MEDIUM,
        "Topic prefix");
    def.define(
        MODE,
        Type.STRING,
        MODE_INCREMENTING,
        ConfigDef.ValidString.in(MODE_INCREMENTING, MODE_TIMESTAMP_INCREMENTING),
        Importance.HIGH,
        "How new rows are found. incrementing: a strictly increasing integer key (new rows only; the default). "
            + "timestamp+incrementing: a last-modified column and the key (new and changed rows).",
        GROUP_TABLES,
        ++order,
        Width.MEDIUM,
        "Mode");
    def.define(
        INCREMENTING_COLUMN,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "The integer key column; empty uses each table's single-column primary key. It must be NOT NULL and indexed. "
            + "It is also the record key.",
        GROUP_TABLES,
        ++order,
        Width.MEDIUM,
        "Key column");
    def.define(
        TIMESTAMP_COLUMN,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "The last-modified column for timestamp+incrementing mode (DATETIME or TIMESTAMP, ideally with microseconds).",
        GROUP_TABLES,
        ++order,
        Width.MEDIUM,
        "Timestamp column");

    order = 0;
    def.define(
        POLL_INTERVAL_MS,
        Type.LONG,
        1_000L,
        ConfigDef.Range.between(10, 3_600_000),
        Importance.MEDIUM,
        "How long to wait before asking a table again once it has no new rows.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Poll interval");
    def.define(
        BATCH_MAX_ROWS,
        Type.INT,
        1_000,
        ConfigDef.Range.between(1, 100_000),
        Importance.MEDIUM,
        "Rows per query (keyset pagination): memory holds at most this many rows per table.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Batch size");
    def.define(
        GAP_GRACE_PERIOD_MS,
        Type.LONG,
        60_000L,
        ConfigDef.Range.atLeast(0),
        Importance.MEDIUM,
        "A missing key below rows already committed may belong to a transaction that has not committed yet. Rows past "
            + "it are held back until the key appears, or until no transaction holds it, or at the latest for this long "
            + "(database clock). See the README for the rule.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Gap grace period");
    def.define(
        GAP_RECHECK_HORIZON_MS,
        Type.LONG,
        86_400_000L,
        ConfigDef.Range.atLeast(0),
        Importance.MEDIUM,
        "Keys moved past after the grace period while an open transaction held them are kept in the offset and "
            + "re-checked each poll for this long (database clock): a row that commits within it is delivered late, with "
            + "the header pinpipe.late. 0 turns re-checking off.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Gap re-check horizon");
    def.define(
        TIMESTAMP_DELAY_MS,
        Type.LONG,
        5_000L,
        ConfigDef.Range.atLeast(0),
        Importance.LOW,
        "timestamp+incrementing mode: only read rows whose timestamp is at least this much older than the database's clock. "
            + "A row's timestamp is set when it is changed, not when the change commits: a change whose transaction takes "
            + "longer than this to commit is missed. The default covers short transactions; 0 loses concurrent updates.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Timestamp delay");
    def.define(
        RETRY_BACKOFF_MS,
        Type.LONG,
        500L,
        ConfigDef.Range.between(1, 600_000),
        Importance.LOW,
        "First wait after a transient database error; it doubles (with jitter) up to retry.backoff.max.ms.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Retry backoff");
    def.define(
        RETRY_BACKOFF_MAX_MS,
        Type.LONG,
        30_000L,
        ConfigDef.Range.between(1, 3_600_000),
        Importance.LOW,
        "Longest wait between retries after transient database errors.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Max retry backoff");
    def.define(
        TRANSIENT_ERROR_RETRIES,
        Type.INT,
        -1,
        ConfigDef.Range.atLeast(-1),
        Importance.LOW,
        "Retries of a transient database error (connection lost, server down, deadlock) before the task fails; "
            + "-1 retries forever, so a database outage never kills the task.",
        GROUP_POLLING,
        ++order,
        Width.SHORT,
        "Transient retries");

    order = 0;
    def.define(
        FLOAT_MODE,
        Type.STRING,
        FLOAT_DECIMAL,
        ConfigDef.ValidString.in(FLOAT_DECIMAL, FLOAT_FLOAT32),
        Importance.LOW,
        "FLOAT columns: decimal_double (a FLOAT64 holding the float's shortest decimal, so every converter writes "
            + "-89.9787) or float32 (the raw single-precision value).",
        GROUP_RECORDS,
        ++order,
        Width.SHORT,
        "FLOAT mapping");
    def.define(
        DATETIME_MODE,
        Type.STRING,
        DATETIME_ISO,
        ConfigDef.ValidString.in(DATETIME_ISO, DATETIME_TIMESTAMP),
        Importance.LOW,
        "DATETIME and TIMESTAMP columns: iso_string (ISO-8601 local date-time such as 2020-08-28T03:52:47) or "
            + "connect_timestamp (Connect's Timestamp type, read as UTC).",
        GROUP_RECORDS,
        ++order,
        Width.SHORT,
        "DATETIME mapping");

    def.defineInternal(TASK_TABLES, Type.LIST, "", Importance.LOW);
    return def;
  }

  public String connectionUrl() {
    return getString(CONNECTION_URL);
  }

  public String user() {
    return getString(CONNECTION_USER);
  }

  /** The password, or null; never logged (Password prints as [hidden]). */
  public Password password() {
    return getPassword(CONNECTION_PASSWORD);
  }

  public String sslMode() {
    return getString(SSL_MODE).toLowerCase(Locale.ROOT);
  }

  public String sslCaBundle() {
    return getString(SSL_CA_BUNDLE);
  }

  public boolean iamAuth() {
    return getBoolean(IAM_AUTH_ENABLED);
  }

  public String awsRegion() {
    return getString(AWS_REGION);
  }

  public List<TableSpec> tables() {
    return tables;
  }

  /** The tables this task reads: all of them unless the connector assigned a subset. */
  public List<TableSpec> taskTables() {
    List<String> assigned = getList(TASK_TABLES);
    if (assigned.isEmpty()) {
      return tables;
    }
    List<TableSpec> mine = new ArrayList<>();
    for (TableSpec table : tables) {
      if (assigned.contains(table.name())) {
        mine.add(table);
      }
    }
    return mine;
  }

  public long pollIntervalMs() {
    return getLong(POLL_INTERVAL_MS);
  }

  public int batchMaxRows() {
    return getInt(BATCH_MAX_ROWS);
  }

  public long gapRecheckHorizonMs() {
    return getLong(GAP_RECHECK_HORIZON_MS);
  }

  public long gapGracePeriodMs() {
    return getLong(GAP_GRACE_PERIOD_MS);
  }

  public long timestampDelayMs() {
    return getLong(TIMESTAMP_DELAY_MS);
  }

  public long retryBackoffMs() {
    return getLong(RETRY_BACKOFF_MS);
  }

  public long retryBackoffMaxMs() {
    return getLong(RETRY_BACKOFF_MAX_MS);
  }

  public int transientErrorRetries() {
    return getInt(TRANSIENT_ERROR_RETRIES);
  }

  public boolean floatAsDecimalDouble() {
    return FLOAT_DECIMAL.equals(getString(FLOAT_MODE));
  }

  public boolean datetimeAsIsoString() {
    return DATETIME_ISO.equals(getString(DATETIME_MODE));
  }

  /** The configuration with the task's share of the tables. */
  public static Map<String, String> forTask(
      Map<String, String> connectorProps, List<String> tableNames) {
    Map<String, String> props = new LinkedHashMap<>(connectorProps);
    props.put(TASK_TABLES, String.join(",", tableNames));
    return props;
  }

  /**
   * Keys that Kafka Connect 3.7 itself reads from a source connector's config (ConnectorConfig,
   * SourceConnectorConfig, client overrides): not this connector's to judge.
   */
  private static final Set<String> FRAMEWORK_KEYS =
      Set.of(
          "name",
          "connector.class",
          "tasks.max",
          "tasks.max.enforce",
          "key.converter",
          "value.converter",
          "header.converter",
          "config.action.reload",
          "transforms",
          "predicates",
          "errors.retry.timeout",
          "errors.retry.delay.max.ms",
          "errors.tolerance",
          "errors.log.enable",
          "errors.log.include.messages",
          "topic.creation.groups",
          "exactly.once.support",
          "transaction.boundary",
          "transaction.boundary.interval.ms",
          "offsets.storage.topic");

  private static final List<String> FRAMEWORK_PREFIXES =
      List.of(
          "key.converter.",
          "value.converter.",
          "header.converter.",
          "transforms.",
          "predicates.",
          "topic.creation.",
          "producer.override.",
          "consumer.override.",
          "admin.override.");

  /**
   * The keys of {@code props} that neither this connector nor the Connect framework reads, each
   * with the reason and the nearest known key. Rejected rather than warned about: a misspelt key
   * ({@code batch.max.row}, {@code gap.grace.period}) leaves its default in force, and a source of
   * a production database should not start with a setting silently lost. Table overrides are
   * checked by {@link TableSpec}.
   */
  public static Map<String, String> unknownKeys(Map<String, String> props) {
    Map<String, String> unknown = new java.util.TreeMap<>();
    for (String key : props.keySet()) {
      boolean known =
          CONFIG_DEF.names().contains(key)
              || key.startsWith(TableSpec.PREFIX)
              || FRAMEWORK_KEYS.contains(key)
              || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
      if (!known) {
        unknown.put(
            key,
            "unknown key: neither the MySQL source connector nor Kafka Connect reads it"
                + nearest(key).map(near -> "; did you mean " + near + "?").orElse(""));
      }
    }
    return unknown;
  }

  private static java.util.Optional<String> nearest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : CONFIG_DEF.names()) {
      if (CONFIG_DEF.configKeys().get(candidate).internalConfig) {
        continue;
      }
      int distance = editDistance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // Within a third of the key's length: a slip of the fingers, not another key.
    return bestDistance <= Math.max(2, key.length() / 3)
        ? java.util.Optional.of(best)
        : java.util.Optional.empty();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static final Pattern CONFIG_EXCEPTION_KEY =
      Pattern.compile("for configuration (\\S+?):? ");

  /** The key a ConfigException names ("Invalid value x for configuration KEY: reason"), if any. */
  public static java.util.Optional<String> keyOf(ConfigException e) {
    java.util.regex.Matcher matcher = CONFIG_EXCEPTION_KEY.matcher(String.valueOf(e.getMessage()));
    return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
  }

  /**
   * A password in any form a MySQL or MariaDB driver reads from a URL, in any letter case: a
   * property ({@code ?password=}, {@code &Password1=}, {@code ;PASSWORD=}), a host attribute
   * ({@code address=(host=h)(password=x)}) or user information ({@code //user:secret@host}). The
   * worker logs connection.url in clear, so such a URL would put the password in its log.
   */
  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)(?:[?&;(,]\\s*password[1-3]?\\s*=)|(?://[^/?#@]*:[^/?#@]*@)");

  static boolean carriesPassword(String url) {
    return PASSWORD_IN_URL.matcher(url).find();
  }

  /** Rejects anything but a MySQL or MariaDB JDBC URL, and a URL that carries a password. */
  static final class JdbcUrlValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String url = (String) value;
      if (url == null || !(url.startsWith("jdbc:mysql://") || url.startsWith("jdbc:mariadb://"))) {
        throw new ConfigException(name, url, "must be a jdbc:mysql:// or jdbc:mariadb:// URL");
      }
      if (carriesPassword(url)) {
        throw new ConfigException(
            name,
            "[hidden]",
            "must not carry a password: use connection.password with a config provider, or IAM auth");
      }
    }

    @Override
    public String toString() {
      return "jdbc:mysql://host:port/database";
    }
  }

  /** At least one table, each a plain MySQL identifier, no duplicates. */
  static final class TableListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> tables = (List<String>) value;
      if (tables == null || tables.isEmpty()) {
        throw new ConfigException(name, tables, "must name at least one table");
      }
      for (String table : tables) {
        if (!TABLE_NAME.matcher(table).matches()) {
          throw new ConfigException(
              name,
              table,
              "'"
                  + table
                  + "' is not a plain table name (letters, digits, _ and $, at most 64 characters)");
        }
      }
      if (tables.stream().distinct().count() != tables.size()) {
        throw new ConfigException(name, tables, "names a table twice");
      }
    }

    @Override
    public String toString() {
      return "table names, comma separated";
    }
  }
}
