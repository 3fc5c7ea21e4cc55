package io.pinpipe.local.cli;

import io.pinpipe.sourcedb.SourceDatabase;
import picocli.CommandLine.Option;

/** Which database to use: a JDBC URL and user; the password only ever from the environment. */
final class DatabaseOptions {

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      required = true,
      description = "A MySQL 8, RDS or MariaDB database, e.g. jdbc:mysql://host:3306/pinterest.")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      defaultValue = "root",
      description = "Database user (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--db-password-env",
      paramLabel = "VAR",
      defaultValue = SourceDatabase.PASSWORD_ENV,
      description =
          "Environment variable holding the password (default: ${DEFAULT-VALUE}). Passwords are never taken on the command line.")
  String passwordVariable;

  SourceDatabase database() {
    return new SourceDatabase(jdbcUrl, user, System.getenv(passwordVariable));
  }
}
