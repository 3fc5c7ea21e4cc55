package io.pinpipe.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MySqlSourceConfigTest {

  private static Map<String, String> props(String... extra) {
    Map<String, String> props = new HashMap<>();
    props.put("connection.url", "jdbc:mysql://db.example:3306/pinterest");
    props.put("tables", "pinterest_data,geolocation_data,user_data");
    for (int i = 0; i < extra.length; i += 2) {
      props.put(extra[i], extra[i + 1]);
    }
    return props;
  }

  @Test
  void mapsEachTableToPrefixPlusItsTopicWithThePrimaryKeyByDefault() {
    MySqlSourceConfig config =
        new MySqlSourceConfig(
            props(
                "topic.prefix",
                "pinterest.",
                "table.pinterest_data.topic",
                "pin",
                "table.geolocation_data.topic",
                "geo"));

    assertThat(config.tables())
        .extracting(TableSpec::name, TableSpec::topic, TableSpec::keyColumn, TableSpec::mode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "pinterest_data", "pinterest.pin", "", "incrementing"),
            org.assertj.core.groups.Tuple.tuple(
                "geolocation_data", "pinterest.geo", "", "incrementing"),
            org.assertj.core.groups.Tuple.tuple(
                "user_data", "pinterest.user_data", "", "incrementing"));
  }

  @Test
  void defaultsAreSafe() {
    MySqlSourceConfig config = new MySqlSourceConfig(props());

    assertThat(config.sslMode()).isEqualTo("verify-full");
    assertThat(config.transientErrorRetries()).isEqualTo(-1);
    assertThat(config.floatAsDecimalDouble()).isTrue();
    assertThat(config.datetimeAsIsoString()).isTrue();
    assertThat(config.password()).isNull();
  }

  @Test
  void thePasswordIsHiddenWhenPrinted() {
    MySqlSourceConfig config = new MySqlSourceConfig(props("connection.password", "s3cret-value"));

    assertThat(config.password().value()).isEqualTo("s3cret-value");
    assertThat(config.password().toString()).doesNotContain("s3cret");
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void rejectsBadValuesNamingTheKeyAndReason() {
    assertThatThrownBy(
            () -> new MySqlSourceConfig(props("connection.url", "jdbc:postgresql://h/db")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connection.url")
        .hasMessageContaining("jdbc:mysql://");
    assertThatThrownBy(
            () -> new MySqlSourceConfig(props("connection.url", "jdbc:mysql://h/db?password=x")))
        .hasMessageContaining("must not carry a password")
        .hasMessageNotContaining("password=x");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("tables", "")))
        .hasMessageContaining("tables");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("tables", "pins`; DROP TABLE x; --")))
        .hasMessageContaining("not a plain table name");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("tables", "a,a")))
        .hasMessageContaining("names a table twice");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("batch.max.rows", "0")))
        .hasMessageContaining("batch.max.rows");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("mode", "bulk")))
        .hasMessageContaining("mode");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("ssl.mode", "maybe")))
        .hasMessageContaining("ssl.mode");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mysql://h/db?password=x", "jdbc:mysql://h/db?PASSWORD=x",
            "jdbc:mysql://h/db?useSSL=true&Password=x",
        "jdbc:mariadb://h/db?user=u;password=x", "jdbc:mysql://h/db?password1=x",
            "jdbc:mysql://u:x@h/db",
        "jdbc:mysql://address=(host=h)(port=3306)(password=x)/db",
            "jdbc:mysql://h/db?user=u& password =x"
      })
  void rejectsAPasswordInTheUrlInEveryFormAndCase(String url) {
    assertThatThrownBy(() -> new MySqlSourceConfig(props("connection.url", url)))
        .hasMessageContaining("connection.url")
        .hasMessageContaining("must not carry a password")
        .hasMessageNotContaining("=x");
  }

  @Test
  void namesEveryUnknownKeyWithTheNearestKnownOneAndLeavesTheFrameworksAlone() {
    Map<String, String> props = props("batch.max.row", "5");
    props.put("gap.grace.period", "1000");
    props.put("frobnicate", "x");
    props.put("tasks.max", "2");
    props.put("transforms", "route");
    props.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    props.put("producer.override.linger.ms", "5");
    props.put("exactly.once.support", "required");
    props.put("table.pinterest_data.topic", "pin");

    Map<String, String> unknown = MySqlSourceConfig.unknownKeys(props);

    assertThat(unknown).containsOnlyKeys("batch.max.row", "gap.grace.period", "frobnicate");
    assertThat(unknown.get("batch.max.row")).endsWith("did you mean batch.max.rows?");
    assertThat(unknown.get("gap.grace.period")).endsWith("did you mean gap.grace.period.ms?");
    assertThat(unknown.get("frobnicate")).startsWith("unknown key").doesNotContain("did you mean");
  }

  @Test
  void readsTheKeyAConfigExceptionNames() {
    assertThat(
            MySqlSourceConfig.keyOf(
                new ConfigException("table.pins.topic", "x", "table 'pins' is not in 'tables'")))
        .contains("table.pins.topic");
    assertThat(MySqlSourceConfig.keyOf(new ConfigException("no key here"))).isEmpty();
  }

  @Test
  void acceptsUrlsWhoseOtherPropertiesMerelyMentionPasswords() {
    assertThat(
            MySqlSourceConfig.carriesPassword(
                "jdbc:mysql://h/db?allowPublicKeyRetrieval=true&passwordCharacterEncoding=utf8"))
        .isFalse();
    assertThat(
            MySqlSourceConfig.carriesPassword(
                "jdbc:mysql://user@h:3306/db?sslMode=VERIFY_IDENTITY"))
        .isFalse();
  }

  @Test
  void rejectsTableOverridesForUnknownTablesOrSettings() {
    assertThatThrownBy(() -> new MySqlSourceConfig(props("table.pins.topic", "pin")))
        .hasMessageContaining("table.pins.topic")
        .hasMessageContaining("not in 'tables'");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("table.user_data.colour", "red")))
        .hasMessageContaining("table.user_data.colour")
        .hasMessageContaining("unknown table setting");
    assertThatThrownBy(
            () -> new MySqlSourceConfig(props("table.user_data.mode", "timestamp+incrementing")))
        .hasMessageContaining("needs a timestamp column");
    assertThatThrownBy(() -> new MySqlSourceConfig(props("table.user_data.topic", "bad topic")))
        .hasMessageContaining("not a valid Kafka topic name");
  }

  @Test
  void everyKeyIsDocumentedInAGroup() {
    for (ConfigDef.ConfigKey key : MySqlSourceConfig.CONFIG_DEF.configKeys().values()) {
      if (key.internalConfig) {
        continue;
      }
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.group).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    }
  }

  @Test
  void aTaskReadsOnlyItsShareOfTheTables() {
    Map<String, String> taskProps =
        MySqlSourceConfig.forTask(props(), java.util.List.of("user_data"));

    assertThat(new MySqlSourceConfig(taskProps).taskTables())
        .extracting(TableSpec::name)
        .containsExactly("user_data");
  }
}
