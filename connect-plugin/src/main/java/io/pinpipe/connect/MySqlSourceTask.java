package io.pinpipe.connect;

import io.pinpipe.connect.catalog.TableCatalog;
import io.pinpipe.connect.config.MySqlSourceConfig;
import io.pinpipe.connect.config.TableSpec;
import io.pinpipe.connect.jdbc.Backoff;
import io.pinpipe.connect.jdbc.ConnectionFactory;
import io.pinpipe.connect.jdbc.ConnectionSource;
import io.pinpipe.connect.jdbc.TransientErrors;
import io.pinpipe.connect.metrics.TableMetrics;
import io.pinpipe.connect.offset.TableOffset;
import io.pinpipe.connect.offset.TablePartition;
import io.pinpipe.connect.query.TableQueries;
import io.pinpipe.connect.query.TableReader;
import io.pinpipe.connect.record.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the task's tables: each poll asks every table that is due for its next page and returns the
 * rows as records. A transient database error is retried with backoff while poll() keeps returning,
 * so the task can be paused or stopped during an outage; any other error fails the task with its
 * cause.
 */
public final class MySqlSourceTask extends SourceTask {

  private static final Logger LOG = LoggerFactory.getLogger(MySqlSourceTask.class);

  /** Longest poll() blocks, so that pause and stop are never kept waiting. */
  private static final long MAX_BLOCK_MS = 1_000;

  private final Time time;
  private final Function<MySqlSourceConfig, ConnectionSource> connectionSource;
  private MySqlSourceConfig config;
  private ConnectionSource connections;
  private String database;
  private Connection connection;
  private final List<TableReader> readers = new ArrayList<>();
  private final Map<String, TableMetrics> metrics = new HashMap<>();
  private final Map<String, Long> dueAtMs = new HashMap<>();
  private Backoff backoff;
  private long retryAtMs;
  private long outageStartedMs = -1;
  private volatile boolean stopping;

  public MySqlSourceTask() {
    this(Time.SYSTEM, ConnectionFactory::from);
  }

  /**
   * A task on its own clock and connections, so a test can drive outages and backoff without a
   * database or real waits.
   */
  MySqlSourceTask(Time time, Function<MySqlSourceConfig, ConnectionSource> connectionSource) {
    this.time = time;
    this.connectionSource = connectionSource;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new MySqlSourceConfig(props);
    connections = connectionSource.apply(config);
    database = ConnectionFactory.databaseName(config.connectionUrl());
    backoff = new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs(), time.nanoseconds());
    String connector = props.getOrDefault("name", "mysql-source");
    String task = props.getOrDefault(MySqlSourceConfig.TASK_TABLES, "all");
    for (TableSpec table : config.taskTables()) {
      metrics.put(table.name(), new TableMetrics(time, connector, task, table.name()));
    }
    LOG.info(
        "reading {} from {} (tables and schemas are looked up on the first poll)",
        config.taskTables().stream().map(TableSpec::name).toList(),
        database);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    long now = time.milliseconds();
    if (now < retryAtMs) {
      time.sleep(Math.min(retryAtMs - now, MAX_BLOCK_MS));
      return null;
    }
    List<SourceRecord> records = new ArrayList<>();
    try {
      readDueTables(records);
      recovered();
      if (records.isEmpty()) {
        time.sleep(Math.min(Math.max(nextDueMs() - time.milliseconds(), 0), MAX_BLOCK_MS));
        return null;
      }
      return records;
    } catch (SQLException e) {
      closeConnection();
      if (!TransientErrors.isTransient(e)) {
        throw new ConnectException(
            "reading "
                + database
                + " failed and retrying will not help: "
                + TransientErrors.describe(e),
            e);
      }
      scheduleRetry(e);
      // The pages read before the error are whole, and their readers' offsets already moved
      // past them: hand them over, or they would never be read again.
      return records.isEmpty() ? null : records;
    } catch (TableCatalog.CatalogException e) {
      throw new ConnectException(e.getMessage(), e);
    }
  }

  /** Adds the next page of every table that is due to {@code records}, table by table. */
  private void readDueTables(List<SourceRecord> records)
      throws SQLException, TableCatalog.CatalogException {
    if (connection == null || connection.isClosed()) {
      connection = connections.open();
      connection.setAutoCommit(true);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      if (readers.isEmpty()) {
        prepareReaders();
      }
    }
    TableReader.Clock clock = new TableReader.Clock(databaseNow());
    for (TableReader reader : readers) {
      String table = reader.spec().name();
      long now = time.milliseconds();
      if (stopping || dueAtMs.getOrDefault(table, 0L) > now) {
        continue;
      }
      List<SourceRecord> page = reader.read(connection, clock);
      records.addAll(page);
      metrics.get(table).recordPoll(page.size(), reader.offset().lastKey(), reader.maxKey());
      // A full page means more rows are waiting: ask again at once. A gap waiting only for its
      // second clean probe: again once that is due.
      long next =
          page.size() >= config.batchMaxRows()
              ? now
              : reader.settling()
                  ? now + Math.min(TableReader.SETTLE_RETRY_MS, config.pollIntervalMs())
                  : now + config.pollIntervalMs();
      dueAtMs.put(table, next);
    }
  }

  private void prepareReaders() throws SQLException, TableCatalog.CatalogException {
    List<TableReader> prepared = new ArrayList<>();
    for (TableSpec spec : config.taskTables()) {
      TableCatalog.TableInfo info = TableCatalog.describe(connection, database, spec);
      TableQueries queries =
          new TableQueries(info.table(), info.keyColumn(), info.timestampColumn());
      RowMapper mapper;
      try (PreparedStatement statement = connection.prepareStatement(queries.columns());
          ResultSet empty = statement.executeQuery()) {
        mapper =
            new RowMapper(
                database,
                info.table(),
                empty.getMetaData(),
                info.keyColumn(),
                info.timestampColumn(),
                config.floatAsDecimalDouble(),
                config.datetimeAsIsoString());
      }
      TablePartition partition = new TablePartition(database, info.table());
      TableOffset offset =
          TableOffset.fromMap(context.offsetStorageReader().offset(partition.toMap()));
      prepared.add(
          new TableReader(
              spec,
              partition,
              queries,
              mapper,
              info.autoIncrementKey(),
              offset,
              config.batchMaxRows(),
              Duration.ofMillis(config.gapGracePeriodMs()),
              Duration.ofMillis(config.gapRecheckHorizonMs()),
              config.timestampDelayMs(),
              TableReader::openTransactions));
      LOG.info(
          "{} -> {} by key {}{}, resuming after {}",
          info.table(),
          spec.topic(),
          info.keyColumn(),
          info.timestampColumn() == null ? "" : " and timestamp " + info.timestampColumn(),
          offset.lastKey() == null ? "nothing (first load)" : "key " + offset.lastKey());
    }
    // All or nothing: a transient error half way leaves no table unprepared.
    readers.addAll(prepared);
  }

  private LocalDateTime databaseNow() throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(TableQueries.now());
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getObject(1, LocalDateTime.class);
    }
  }

  private long nextDueMs() {
    return dueAtMs.values().stream().mapToLong(Long::longValue).min().orElse(time.milliseconds());
  }

  private void scheduleRetry(SQLException e) {
    if (stopping) {
      // stop() closed the connection under a running poll: not an outage.
      LOG.debug("poll ended by stop(): {}", e.getMessage());
      return;
    }
    int retries = config.transientErrorRetries();
    if (retries >= 0 && backoff.failures() >= retries) {
      throw new ConnectException(
          "giving up after "
              + backoff.failures()
              + " retries of transient database errors: "
              + TransientErrors.describe(e),
          e);
    }
    long delay = backoff.nextDelayMs();
    if (outageStartedMs < 0) {
      outageStartedMs = time.milliseconds();
      LOG.warn(
          "database unreachable ({}); retrying with backoff from {} ms, without limit unless transient.error.retries is set",
          TransientErrors.describe(e),
          delay);
    } else {
      LOG.debug(
          "still unreachable after {} retries ({}); next try in {} ms",
          backoff.failures(),
          e.getMessage(),
          delay);
    }
    retryAtMs = time.milliseconds() + delay;
  }

  private void recovered() {
    if (outageStartedMs >= 0) {
      LOG.info(
          "database reachable again after {} retries and {} s",
          backoff.failures(),
          (time.milliseconds() - outageStartedMs) / 1000);
      outageStartedMs = -1;
      backoff.reset();
    }
  }

  @Override
  public void stop() {
    stopping = true;
    closeConnection();
    metrics.values().forEach(TableMetrics::close);
  }

  private void closeConnection() {
    Connection current = connection;
    connection = null;
    if (current != null) {
      try {
        current.close();
      } catch (SQLException e) {
        LOG.debug("closing a broken connection: {}", e.getMessage());
      }
    }
  }
}
