package io.pinpipe.sourcedb.post;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Writes posts into the three source tables with bound parameters. Bulk loads use multi-row
 * INSERTs, which are fast on both MySQL and MariaDB without driver-specific batch rewriting.
 * Transactions are the caller's: nothing here commits.
 */
public final class PostWriter {

  private PostWriter() {}

  /** Inserts posts under their own numbers, one multi-row INSERT per table. */
  public static void insertAll(Connection connection, List<Post> posts) throws SQLException {
    if (posts.isEmpty()) {
      return;
    }
    insertRows(connection, SourceTable.PIN, map(posts, Post::pin));
    insertRows(connection, SourceTable.GEO, map(posts, Post::geo));
    insertRows(connection, SourceTable.USER, map(posts, Post::user));
  }

  /** Inserts rows of one table in a single statement. */
  public static <R> void insertRows(Connection connection, SourceTable<R> table, List<R> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int width = table.columns().size();
    String oneRow = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
    String sql =
        "INSERT INTO "
            + table.quotedName()
            + " ("
            + table.quotedColumns()
            + ") VALUES "
            + String.join(", ", Collections.nCopies(rows.size(), oneRow));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int parameter = 1;
      for (R row : rows) {
        table.binder().bind(statement, parameter, row);
        parameter += width;
      }
      statement.executeUpdate();
    }
  }

  /**
   * Inserts a pin row and lets {@code pinterest_data}'s AUTO_INCREMENT choose its number, the way
   * concurrent posters do: the number is handed out at insert time, not at commit.
   *
   * @return the number the database gave the post
   */
  public static int insertPinWithNewNumber(Connection connection, PinRow pin) throws SQLException {
    SourceTable<PinRow> table = SourceTable.PIN;
    String sql =
        "INSERT INTO "
            + table.quotedName()
            + " ("
            + table.quotedColumns()
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(table.columns().size(), "?"))
            + ")";
    try (PreparedStatement statement =
        connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      table.binder().bind(statement, 1, pin);
      // A NULL key makes AUTO_INCREMENT choose the number (0 would too, unless the server runs
      // with NO_AUTO_VALUE_ON_ZERO).
      statement.setNull(1, Types.INTEGER);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException(
              "the database returned no AUTO_INCREMENT value for pinterest_data");
        }
        return keys.getInt(1);
      }
    }
  }

  private static <T, R> List<R> map(List<T> items, Function<T, R> part) {
    List<R> rows = new ArrayList<>(items.size());
    for (T item : items) {
      rows.add(part.apply(item));
    }
    return rows;
  }
}
