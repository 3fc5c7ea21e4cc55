package io.pinpipe.sourcedb.post;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One of the three source tables: its name, key column, columns in table order, and how a row type
 * is bound to and read from JDBC. Identifiers are always quoted, since {@code index} is a reserved
 * word.
 */
public record SourceTable<R>(
    String name, String keyColumn, List<String> columns, Binder<R> binder, Reader<R> reader) {

  /** Binds a row's values, in column order, starting at parameter {@code first}. */
  @FunctionalInterface
  public interface Binder<R> {
    void bind(PreparedStatement statement, int first, R row) throws SQLException;
  }

  /** Reads the current row of a result set whose columns are this table's, in order. */
  @FunctionalInterface
  public interface Reader<R> {
    R read(ResultSet resultSet) throws SQLException;
  }

  public static final SourceTable<PinRow> PIN =
      new SourceTable<>(
          "pinterest_data",
          "index",
          List.of(
              "index",
              "unique_id",
              "title",
              "description",
              "poster_name",
              "follower_count",
              "tag_list",
              "is_image_or_video",
              "image_src",
              "downloaded",
              "save_location",
              "category"),
          (ps, i, r) -> {
            ps.setInt(i, r.index());
            ps.setString(i + 1, r.uniqueId());
            ps.setString(i + 2, r.title());
            ps.setString(i + 3, r.description());
            ps.setString(i + 4, r.posterName());
            ps.setString(i + 5, r.followerCount());
            ps.setString(i + 6, r.tagList());
            ps.setString(i + 7, r.isImageOrVideo());
            ps.setString(i + 8, r.imageSrc());
            setInteger(ps, i + 9, r.downloaded());
            ps.setString(i + 10, r.saveLocation());
            ps.setString(i + 11, r.category());
          },
          rs ->
              new PinRow(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  getInteger(rs, 10),
                  rs.getString(11),
                  rs.getString(12)));

  public static final SourceTable<GeoRow> GEO =
      new SourceTable<>(
          "geolocation_data",
          "ind",
          List.of("ind", "timestamp", "latitude", "longitude", "country"),
          (ps, i, r) -> {
            ps.setInt(i, r.ind());
            setDateTime(ps, i + 1, r.timestamp());
            setFloat(ps, i + 2, r.latitude());
            setFloat(ps, i + 3, r.longitude());
            ps.setString(i + 4, r.country());
          },
          rs ->
              new GeoRow(
                  rs.getInt(1),
                  getDateTime(rs, 2),
                  getFloat(rs, 3),
                  getFloat(rs, 4),
                  rs.getString(5)));

  public static final SourceTable<UserRow> USER =
      new SourceTable<>(
          "user_data",
          "ind",
          List.of("ind", "first_name", "last_name", "age", "date_joined"),
          (ps, i, r) -> {
            ps.setInt(i, r.ind());
            ps.setString(i + 1, r.firstName());
            ps.setString(i + 2, r.lastName());
            setInteger(ps, i + 3, r.age());
            setDateTime(ps, i + 4, r.dateJoined());
          },
          rs ->
              new UserRow(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getString(3),
                  getInteger(rs, 4),
                  getDateTime(rs, 5)));

  public static final List<SourceTable<?>> ALL = List.of(PIN, GEO, USER);

  /** {@code `a`, `b`, ...}: the columns quoted, in table order. */
  public String quotedColumns() {
    return String.join(", ", columns.stream().map(SourceTable::quote).toList());
  }

  public String quotedName() {
    return quote(name);
  }

  /** Quotes a MySQL identifier, doubling any backtick inside it. */
  public static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static void setInteger(PreparedStatement ps, int i, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, value);
    }
  }

  private static void setFloat(PreparedStatement ps, int i, Float value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setFloat(i, value);
    }
  }

  private static void setDateTime(PreparedStatement ps, int i, LocalDateTime value)
      throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.TIMESTAMP);
    } else {
      ps.setObject(i, value);
    }
  }

  private static Integer getInteger(ResultSet rs, int i) throws SQLException {
    int value = rs.getInt(i);
    return rs.wasNull() ? null : value;
  }

  private static Float getFloat(ResultSet rs, int i) throws SQLException {
    float value = rs.getFloat(i);
    return rs.wasNull() ? null : value;
  }

  private static LocalDateTime getDateTime(ResultSet rs, int i) throws SQLException {
    return rs.getObject(i, LocalDateTime.class);
  }
}
