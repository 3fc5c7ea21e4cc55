package io.pinpipe.sourcedb.post;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads rows and whole posts back from the source tables, in key order. */
public final class PostReader {

  private PostReader() {}

  public static <R> List<R> readAll(Connection connection, SourceTable<R> table)
      throws SQLException {
    String sql =
        "SELECT "
            + table.quotedColumns()
            + " FROM "
            + table.quotedName()
            + " ORDER BY "
            + SourceTable.quote(table.keyColumn());
    List<R> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet resultSet = statement.executeQuery()) {
      while (resultSet.next()) {
        rows.add(table.reader().read(resultSet));
      }
    }
    return rows;
  }

  /** Every post whose three rows are all present, by post number. */
  public static List<Post> readPosts(Connection connection) throws SQLException {
    Map<Integer, GeoRow> geos = new HashMap<>();
    for (GeoRow geo : readAll(connection, SourceTable.GEO)) {
      geos.put(geo.ind(), geo);
    }
    Map<Integer, UserRow> users = new HashMap<>();
    for (UserRow user : readAll(connection, SourceTable.USER)) {
      users.put(user.ind(), user);
    }
    List<Post> posts = new ArrayList<>();
    for (PinRow pin : readAll(connection, SourceTable.PIN)) {
      GeoRow geo = geos.get(pin.index());
      UserRow user = users.get(pin.index());
      if (geo != null && user != null) {
        posts.add(new Post(pin, geo, user));
      }
    }
    return posts;
  }

  /** Number of rows in a table. */
  public static long count(Connection connection, SourceTable<?> table) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM " + table.quotedName());
        ResultSet resultSet = statement.executeQuery()) {
      resultSet.next();
      return resultSet.getLong(1);
    }
  }
}
