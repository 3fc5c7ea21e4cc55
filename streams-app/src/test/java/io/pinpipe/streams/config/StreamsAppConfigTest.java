package io.pinpipe.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

  private static Properties properties(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void defaultsToExactlyOnceAndThePinterestPrefix() {
    StreamsAppConfig config =
        StreamsAppConfig.of(properties("bootstrap.servers", "localhost:9092"), Map.of());

    assertThat(config.streamsProperties())
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("application.id", "pinpipe-streams");
    assertThat(config.topology().topicPrefix()).isEqualTo("pinterest.");
    assertThat(config.topology().storeType()).isEqualTo(Materialized.StoreType.ROCKS_DB);
    assertThat(config.topics().posts().name()).isEqualTo("pinterest.posts");
  }

  @Test
  void keepsItsOwnKeysAwayFromKafkaStreams() {
    StreamsAppConfig config =
        StreamsAppConfig.of(
            properties(
                "bootstrap.servers",
                "b:9092",
                "topic.prefix",
                "1234.",
                "health.port",
                "9000",
                "topic.replication.factor",
                "3"),
            Map.of());

    assertThat(config.streamsProperties())
        .doesNotContainKeys("topic.prefix", "health.port", "topic.replication.factor");
    assertThat(config.healthPort()).isEqualTo(9000);
    assertThat(config.replicationFactor()).isEqualTo((short) 3);
    assertThat(config.topics().raw(io.pinpipe.streams.topology.SourcePart.PIN).name())
        .isEqualTo("1234.pin");
  }

  @Test
  void environmentOverridesTheFile() {
    StreamsAppConfig config =
        StreamsAppConfig.of(
            properties("bootstrap.servers", "file:9092", "topic.prefix", "file."),
            Map.of(
                "PINPIPE_STREAMS_BOOTSTRAP_SERVERS",
                "env:9098",
                "PINPIPE_STREAMS_TOPIC_PREFIX",
                "env.",
                "UNRELATED",
                "x"));

    assertThat(config.streamsProperties())
        .containsEntry("bootstrap.servers", "env:9098")
        .doesNotContainKey("unrelated");
    assertThat(config.topology().topicPrefix()).isEqualTo("env.");
  }

  @Test
  void resolvesPlaceholdersFromTheEnvironmentAndNamesAMissingOne() {
    Properties file = properties("bootstrap.servers", "${BROKERS}");
    assertThat(StreamsAppConfig.of(file, Map.of("BROKERS", "b-1:9098")).streamsProperties())
        .containsEntry("bootstrap.servers", "b-1:9098");
    assertThatThrownBy(() -> StreamsAppConfig.of(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers")
        .hasMessageContaining("environment variable BROKERS is not set");
  }

  @Test
  void rejectsBadValuesWithTheKeyAndTheReason() {
    assertThatThrownBy(() -> StreamsAppConfig.of(properties(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(
            () ->
                StreamsAppConfig.of(
                    properties("bootstrap.servers", "b:1", "health.port", "70000"), Map.of()))
        .hasMessageContaining("health.port");
    assertThatThrownBy(
            () ->
                StreamsAppConfig.of(
                    properties("bootstrap.servers", "b:1", "state.store.type", "redis"), Map.of()))
        .hasMessageContaining("state.store.type");
    assertThatThrownBy(
            () ->
                StreamsAppConfig.of(
                    properties("bootstrap.servers", "b:1", "processing.guarantee", "maybe"),
                    Map.of()))
        .hasMessageContaining("processing.guarantee");
    assertThatThrownBy(
            () ->
                StreamsAppConfig.of(
                    properties("bootstrap.servers", "b:1", "topic.prefix", "bad prefix!"),
                    Map.of()))
        .hasMessageContaining("topic.prefix");
  }

  @Test
  void theMskIamProfileUsesIamAuthOnSaslSslAndStoresNoSecret() throws Exception {
    StreamsAppConfig config =
        StreamsAppConfig.profile(
            "msk-iam", Map.of("PINPIPE_STREAMS_BOOTSTRAP_SERVERS", "b-1.example:9098"));

    assertThat(config.streamsProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
        .containsEntry(
            "sasl.client.callback.handler.class",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
        .containsEntry("bootstrap.servers", "b-1.example:9098");
    assertThat(config.streamsProperties().stringPropertyNames())
        .noneMatch(key -> key.contains("password") || key.contains("secret"));
  }

  @Test
  void rejectsAnUnknownProfile() {
    assertThatThrownBy(() -> StreamsAppConfig.profile("prod", Map.of()))
        .hasMessageContaining("local or msk-iam");
  }

  @Test
  void rocksDbStoresShareOneMemoryBudgetUnlessConfiguredOtherwise() {
    StreamsAppConfig defaults =
        StreamsAppConfig.of(properties("bootstrap.servers", "b:9092"), java.util.Map.of());
    assertThat(defaults.streamsProperties().getProperty("rocksdb.config.setter"))
        .isEqualTo(BoundedRocksDbMemory.class.getName());
    String mine = MineRocksDb.class.getName();
    StreamsAppConfig own =
        StreamsAppConfig.of(
            properties("bootstrap.servers", "b:9092", "rocksdb.config.setter", mine),
            java.util.Map.of());
    assertThat(own.streamsProperties().getProperty("rocksdb.config.setter")).isEqualTo(mine);
  }

  /** A user's own setter, which must win over the default. */
  public static final class MineRocksDb
      implements org.apache.kafka.streams.state.RocksDBConfigSetter {
    @Override
    public void setConfig(
        String storeName, org.rocksdb.Options options, java.util.Map<String, Object> configs) {}

    @Override
    public void close(String storeName, org.rocksdb.Options options) {}
  }
}
