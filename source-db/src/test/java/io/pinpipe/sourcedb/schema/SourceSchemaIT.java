package io.pinpipe.sourcedb.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class SourceSchemaIT {

  @Test
  void createsTheThreeTablesWithTheContractsColumnsAndKeys(SourceDatabase database)
      throws Exception {
    try (Connection connection = database.open()) {
      assertThat(columns(connection, "pinterest_data"))
          .containsExactly(
              Map.entry("index", "INT"), Map.entry("unique_id", "VARCHAR"),
              Map.entry("title", "TEXT"), Map.entry("description", "TEXT"),
              Map.entry("poster_name", "VARCHAR"), Map.entry("follower_count", "VARCHAR"),
              Map.entry("tag_list", "TEXT"), Map.entry("is_image_or_video", "VARCHAR"),
              Map.entry("image_src", "TEXT"), Map.entry("downloaded", "INT"),
              Map.entry("save_location", "VARCHAR"), Map.entry("category", "VARCHAR"));
      assertThat(columns(connection, "geolocation_data"))
          .containsExactly(
              Map.entry("ind", "INT"),
              Map.entry("timestamp", "DATETIME"),
              Map.entry("latitude", "FLOAT"),
              Map.entry("longitude", "FLOAT"),
              Map.entry("country", "VARCHAR"));
      assertThat(columns(connection, "user_data"))
          .containsExactly(
              Map.entry("ind", "INT"),
              Map.entry("first_name", "VARCHAR"),
              Map.entry("last_name", "VARCHAR"),
              Map.entry("age", "INT"),
              Map.entry("date_joined", "DATETIME"));
      assertThat(primaryKey(connection, "pinterest_data")).isEqualTo("index");
      assertThat(primaryKey(connection, "geolocation_data")).isEqualTo("ind");
      assertThat(primaryKey(connection, "user_data")).isEqualTo("ind");
    }
  }

  @Test
  void applyingTheSchemaTwiceKeepsTablesAndRows(SourceDatabase database) throws Exception {
    try (Connection connection = database.open()) {
      connection.createStatement().execute("INSERT INTO `user_data` (`ind`, `age`) VALUES (1, 30)");
      SourceSchema.apply(connection);
      ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM `user_data`");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  private static Map<String, String> columns(Connection connection, String table) throws Exception {
    DatabaseMetaData meta = connection.getMetaData();
    Map<String, String> columns = new LinkedHashMap<>();
    try (ResultSet rs = meta.getColumns(connection.getCatalog(), null, table, null)) {
      while (rs.next()) {
        columns.put(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME").toUpperCase());
      }
    }
    return columns;
  }

  private static String primaryKey(Connection connection, String table) throws Exception {
    try (ResultSet rs =
        connection.getMetaData().getPrimaryKeys(connection.getCatalog(), null, table)) {
      assertThat(rs.next()).as("primary key of %s", table).isTrue();
      return rs.getString("COLUMN_NAME");
    }
  }
}
