package io.pinpipe.connect.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.testing.MariaDbExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Value mapping against MariaDB's real metadata and binary protocol. */
@ExtendWith(MariaDbExtension.class)
class RowMapperIT {

  private static Connection open(SourceDatabase database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", database.user());
    props.setProperty("useServerPrepStmts", "true");
    return new org.mariadb.jdbc.Driver()
        .connect(database.jdbcUrl() + "?useServerPrepStmts=true", props);
  }

  @Test
  void mapsReservedWordColumnsFloatDatetimeAndTextExactly(SourceDatabase database)
      throws Exception {
    try (Connection connection = open(database)) {
      connection
          .createStatement()
          .execute(
              "CREATE TABLE `t` (`index` BIGINT NOT NULL PRIMARY KEY, `order` VARCHAR(64), `latitude` FLOAT,"
                  + " `at` DATETIME, `precise` DATETIME(6), `n` INT NULL, `price` DECIMAL(10,2), `d` DOUBLE)");
      connection
          .createStatement()
          .execute(
              "INSERT INTO `t` VALUES (7528, 'Eyes On Walls \u2026\u00a0 ', -89.9787, '2020-08-28 03:52:00',"
                  + " '2020-08-28 03:52:47.123456', NULL, 12.50, 0.1)");
      try (var statement = connection.prepareStatement("SELECT * FROM `t`");
          ResultSet rows = statement.executeQuery()) {
        RowMapper mapper = new RowMapper("db", "t", rows.getMetaData(), "index", null, true, true);
        assertThat(rows.next()).isTrue();

        assertThat(mapper.keySchema()).isEqualTo(Schema.INT64_SCHEMA);
        assertThat(mapper.keyValue(mapper.key(rows))).isEqualTo(7528L);
        Struct value = mapper.value(rows);
        assertThat(value.schema().fields())
            .extracting(f -> f.name())
            .containsExactly("index", "order", "latitude", "at", "precise", "n", "price", "d");
        assertThat(value.getString("order")).isEqualTo("Eyes On Walls \u2026\u00a0 ");
        assertThat(value.getFloat64("latitude")).isEqualTo(-89.9787);
        assertThat(Double.toString(value.getFloat64("latitude"))).isEqualTo("-89.9787");
        assertThat(value.getString("at")).isEqualTo("2020-08-28T03:52:00");
        assertThat(value.getString("precise")).isEqualTo("2020-08-28T03:52:47.123456");
        assertThat(value.get("n")).isNull();
        assertThat(value.get("price")).isEqualTo(new java.math.BigDecimal("12.50"));
        assertThat(value.getFloat64("d")).isEqualTo(0.1);
        assertThat(value.schema().field("index").schema().isOptional()).isFalse();
        assertThat(value.schema().field("n").schema().isOptional()).isTrue();
      }
    }
  }

  @Test
  void keepsTheRawFloatWhenAskedAndRejectsANonIntegerKey(SourceDatabase database) throws Exception {
    try (Connection connection = open(database)) {
      connection
          .createStatement()
          .execute("CREATE TABLE `f` (`id` INT NOT NULL PRIMARY KEY, `x` FLOAT, `name` TEXT)");
      connection.createStatement().execute("INSERT INTO `f` VALUES (1, -89.9787, 'a')");
      try (var statement = connection.prepareStatement("SELECT * FROM `f`");
          ResultSet rows = statement.executeQuery()) {
        RowMapper raw = new RowMapper("db", "f", rows.getMetaData(), "id", null, false, true);
        rows.next();
        assertThat(raw.keySchema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(raw.value(rows).getFloat32("x")).isEqualTo(-89.9787f);
        assertThatThrownBy(
                () -> new RowMapper("db", "f", rows.getMetaData(), "name", null, true, true))
            .hasMessageContaining("not an integer column");
      }
    }
  }

  @Test
  void followsChangedColumnsByNameAndNamesAKeyColumnThatIsGone(SourceDatabase database)
      throws Exception {
    try (Connection connection = open(database)) {
      connection
          .createStatement()
          .execute("CREATE TABLE `c` (`id` INT NOT NULL PRIMARY KEY, `a` INT, `b` INT)");
      connection
          .createStatement()
          .execute(
              "CREATE TABLE `c2` (`id` INT NOT NULL PRIMARY KEY, `x` VARCHAR(4), `a` INT, `b` INT)");
      connection
          .createStatement()
          .execute("CREATE TABLE `c3` (`ident` INT NOT NULL PRIMARY KEY, `a` INT)");
      RowMapper mapper;
      try (var statement = connection.prepareStatement("SELECT * FROM `c` LIMIT 0");
          ResultSet rows = statement.executeQuery()) {
        mapper = new RowMapper("db", "c", rows.getMetaData(), "id", null, true, true);
        assertThat(mapper.forColumns(rows.getMetaData()))
            .as("the same columns: the same mapper")
            .isSameAs(mapper);
      }
      try (var statement = connection.prepareStatement("SELECT * FROM `c2` LIMIT 0");
          ResultSet rows = statement.executeQuery()) {
        RowMapper changed = mapper.forColumns(rows.getMetaData());
        assertThat(changed).isNotSameAs(mapper);
        assertThat(changed.valueSchema().fields())
            .extracting(f -> f.name())
            .containsExactly("id", "x", "a", "b");
      }
      try (var statement = connection.prepareStatement("SELECT * FROM `c3` LIMIT 0");
          ResultSet rows = statement.executeQuery()) {
        RowMapper before = mapper;
        assertThatThrownBy(() -> before.forColumns(rows.getMetaData()))
            .hasMessageContaining("key column id is not among the columns of c [ident, a]")
            .hasMessageContaining("table.c.key.column");
      }
    }
  }
}
