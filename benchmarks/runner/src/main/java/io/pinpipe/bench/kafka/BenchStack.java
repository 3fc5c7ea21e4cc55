package io.pinpipe.bench.kafka;

import io.pinpipe.local.kafka.LocalKafka;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.schema.SourceSchema;
import io.pinpipe.support.process.FreePorts;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What every benchmark shares: one KRaft broker in this JVM and one MariaDB with its binlog on
 * (Debezium reads it; the other contenders pay its cost too, as on RDS with backups enabled).
 */
public final class BenchStack implements AutoCloseable {

  private final LocalKafka kafka;
  private final EmbeddedMariaDb mariaDb;
  private final Admin admin;

  private BenchStack(LocalKafka kafka, EmbeddedMariaDb mariaDb) {
    this.kafka = kafka;
    this.mariaDb = mariaDb;
    this.admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  public static BenchStack start(Path work) throws Exception {
    LocalKafka kafka = LocalKafka.start(work.resolve("kafka"), FreePorts.next(), FreePorts.next());
    EmbeddedMariaDb mariaDb =
        EmbeddedMariaDb.start(
            new EmbeddedMariaDb.Settings(
                work.resolve("mariadb"),
                0,
                "pinpipe",
                List.of("--log-bin=mariadb-bin", "--binlog-format=ROW", "--server-id=1")));
    try (Connection connection = mariaDb.database().open()) {
      SourceSchema.apply(connection);
    }
    return new BenchStack(kafka, mariaDb);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public SourceDatabase database() {
    return mariaDb.database();
  }

  /** A database of its own on the shared server, created if it is not there yet. */
  public SourceDatabase databaseOfItsOwn(String name) throws java.sql.SQLException {
    try (Connection root = database().open();
        java.sql.Statement statement = root.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + name);
    }
    return database().withDatabase(name);
  }

  public int databasePort() {
    return mariaDb.port();
  }

  public String databaseName() {
    return mariaDb.databaseName();
  }

  public Admin admin() {
    return admin;
  }

  public void createTopics(Collection<String> names, int partitions)
      throws ExecutionException, InterruptedException {
    admin
        .createTopics(
            names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList())
        .all()
        .get();
  }

  /** Deletes what a run wrote, so that a million-row run does not fill the disk run after run. */
  public void deleteTopics(Collection<String> names) throws InterruptedException {
    try {
      admin.deleteTopics(names).all().get();
    } catch (ExecutionException missing) {
      // A contender that failed before creating its topic: nothing to free.
    }
  }

  @Override
  public void close() {
    admin.close();
    mariaDb.close();
    kafka.close();
  }
}
