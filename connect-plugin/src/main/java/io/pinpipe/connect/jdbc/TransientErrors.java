package io.pinpipe.connect.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which database errors are worth retrying: the server is down, restarting or unreachable, the
 * connection was lost, or the query lost a deadlock. Anything else (bad credentials, a dropped
 * table, a missing privilege) will not heal by waiting and fails the task with its cause.
 */
public final class TransientErrors {

  /** MySQL/MariaDB error codes that a retry can outlive. */
  private static final Set<Integer> TRANSIENT_CODES =
      Set.of(
          1040, // too many connections
          1053, // server shutdown in progress
          1205, // lock wait timeout
          1213, // deadlock
          1927, // connection killed
          2002, // cannot connect through socket
          2003, // cannot connect to server
          2006, // server has gone away
          2013); // lost connection during query

  private TransientErrors() {}

  public static boolean isTransient(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ((state != null
                && (state.startsWith("08") || state.equals("40001") || state.equals("HYT00")))
            || TRANSIENT_CODES.contains(sql.getErrorCode())) {
          return true;
        }
      }
      if (cause instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /** A one-line reason: SQL state, error code and message. */
  public static String describe(SQLException e) {
    return "SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ": " + e.getMessage();
  }
}
