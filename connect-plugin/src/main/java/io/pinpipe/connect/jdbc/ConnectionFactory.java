package io.pinpipe.connect.jdbc;

import io.pinpipe.connect.config.MySqlSourceConfig;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;
import org.mariadb.jdbc.Driver;

/**
 * Opens connections to the source database with the settings every read relies on: TLS as
 * configured (server identity verified by default), server-side prepared statements (the binary
 * protocol carries FLOAT values exactly), UTC for temporal values, and either the configured
 * password or a fresh RDS IAM token per connection.
 */
public final class ConnectionFactory implements ConnectionSource {

  private final String url;
  private final String user;
  private final Supplier<String> password;

  ConnectionFactory(String url, String user, Supplier<String> password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static ConnectionFactory from(MySqlSourceConfig config) {
    String url = jdbcUrl(config);
    Supplier<String> password;
    if (config.iamAuth()) {
      URI location = location(config.connectionUrl());
      password =
          new RdsIamTokens(
              location.getHost(),
              location.getPort() < 0 ? 3306 : location.getPort(),
              config.user(),
              config.awsRegion());
    } else {
      String value = config.password() == null ? "" : config.password().value();
      password = () -> value;
    }
    return new ConnectionFactory(url, config.user(), password);
  }

  /** The configured URL with the driver settings this connector depends on appended. */
  static String jdbcUrl(MySqlSourceConfig config) {
    StringBuilder url = new StringBuilder(config.connectionUrl());
    url.append(url.indexOf("?") < 0 ? '?' : '&');
    url.append("permitMysqlScheme=true");
    url.append("&sslMode=").append(config.sslMode());
    if (!config.sslCaBundle().isBlank()) {
      url.append("&serverSslCert=").append(config.sslCaBundle());
    }
    url.append("&useServerPrepStmts=true");
    url.append("&connectTimeout=10000");
    url.append("&socketTimeout=120000");
    url.append("&tcpKeepAlive=true");
    return url.toString();
  }

  /** The database name in a jdbc:mysql://host:port/database URL. */
  public static String databaseName(String jdbcUrl) {
    String path = location(jdbcUrl).getPath();
    String name = path == null ? "" : path.replaceFirst("^/", "");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "the JDBC URL names no database: " + jdbcUrl.replaceAll("\\?.*", ""));
    }
    return name;
  }

  private static URI location(String jdbcUrl) {
    String withoutParams = jdbcUrl.replaceFirst("\\?.*$", "");
    return URI.create(
        withoutParams.substring("jdbc:".length()).replaceFirst("^mariadb:", "mysql:"));
  }

  public Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password.get());
    // Our own driver instance: the plugin's class loader has it, DriverManager may not see it.
    Connection connection = new Driver().connect(url, props);
    if (connection == null) {
      throw new SQLException(
          "the MariaDB driver does not accept the URL " + url.replaceAll("\\?.*", ""));
    }
    return connection;
  }
}
