package io.pinpipe.sourcedb.testing;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.embedded.EmbeddedMariaDb;
import io.pinpipe.sourcedb.schema.SourceSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives ITs a {@link SourceDatabase}: a fresh database with the three tables, on one MariaDB server
 * per test run (started on first use, stopped when the run ends). Set the system property {@code
 * pinpipe.test.jdbc-url} (with {@code pinpipe.test.user} and the password in {@code
 * PINPIPE_DB_PASSWORD}) to run against an external MySQL 8 or MariaDB server instead.
 */
public final class MariaDbExtension implements ParameterResolver {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SourceDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SourceDatabase server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(Server.class, key -> new Server(), Server.class)
            .database;
    String name = "it_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try {
      return freshDatabase(server, name);
    } catch (SQLException e) {
      throw new ParameterResolutionException("could not create test database " + name, e);
    }
  }

  /** Creates a database with the schema applied on the server of {@code server}. */
  public static SourceDatabase freshDatabase(SourceDatabase server, String name)
      throws SQLException {
    try (Connection connection = server.open();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    SourceDatabase database = server.withDatabase(name);
    try (Connection connection = database.open()) {
      SourceSchema.apply(connection);
    }
    return database;
  }

  /** The one server of a test run; JUnit closes it when the run ends. */
  private static final class Server
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final EmbeddedMariaDb embedded;
    private final SourceDatabase database;

    Server() {
      String externalUrl = System.getProperty("pinpipe.test.jdbc-url");
      if (externalUrl != null && !externalUrl.isBlank()) {
        embedded = null;
        database =
            new SourceDatabase(
                externalUrl,
                System.getProperty("pinpipe.test.user", "root"),
                System.getenv(SourceDatabase.PASSWORD_ENV));
      } else {
        embedded = EmbeddedMariaDb.start(EmbeddedMariaDb.Settings.temporary());
        database = embedded.database();
      }
    }

    @Override
    public void close() {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
