package io.pinpipe.connect.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a task gets its database connection: {@link ConnectionFactory} in production. */
@FunctionalInterface
public interface ConnectionSource {

  /** A new connection; a transient failure is for the caller to retry. */
  Connection open() throws SQLException;
}
