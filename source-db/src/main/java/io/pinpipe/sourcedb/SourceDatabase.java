package io.pinpipe.sourcedb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the source tables live: a JDBC URL of any MySQL-compatible server (embedded MariaDB, MySQL
 * 8, RDS) and the account to use. The password is held only in memory and never printed.
 */
public record SourceDatabase(String jdbcUrl, String user, String password) {

  /** Environment variable the command-line tools read the database password from. */
  public static final String PASSWORD_ENV = "PINPIPE_DB_PASSWORD";

  public SourceDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:mariadb:") && !jdbcUrl.startsWith("jdbc:mysql:")) {
      throw new IllegalArgumentException(
          "not a MySQL or MariaDB JDBC URL (expected jdbc:mysql://... or jdbc:mariadb://...): "
              + jdbcUrl);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /** Opens a connection with the settings every PinPipe client relies on (UTF-8, UTC). */
  public Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    // The MariaDB driver accepts jdbc:mysql: URLs only when asked to; RDS users write jdbc:mysql:.
    props.setProperty("permitMysqlScheme", "true");
    // DATETIME columns hold UTC wall-clock times: never shift them by the JVM's zone.
    props.setProperty("timezone", "UTC");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  /** The same server and account, another database (schema) on it. */
  public SourceDatabase withDatabase(String database) {
    int slash = jdbcUrl.indexOf('/', jdbcUrl.indexOf("//") + 2);
    int query = jdbcUrl.indexOf('?');
    String serverPart =
        slash < 0
            ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query))
            : jdbcUrl.substring(0, slash);
    String params = query < 0 ? "" : jdbcUrl.substring(query);
    return new SourceDatabase(serverPart + "/" + database + params, user, password);
  }

  @Override
  public String toString() {
    return "SourceDatabase[" + jdbcUrl + ", user=" + user + "]";
  }
}
