package io.pinpipe.s3sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * PinPipe's stand-in for Confluent's S3 sink on a laptop: the same properties, the same object
 * names, exactly-once under redelivery. Not for production: use Confluent's sink there.
 */
public final class LocalS3SinkConnector extends SinkConnector {

  /**
   * The plugin jar's Implementation-Version, written by the build; only classes run outside a jar
   * (an IDE) have none.
   */
  static final String VERSION =
      Objects.requireNonNullElse(
          LocalS3SinkConnector.class.getPackage().getImplementationVersion(),
          "unknown (not run from the plugin jar)");

  private Map<String, String> props;

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    new S3SinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return LocalS3SinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(props);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return S3SinkConfig.CONFIG_DEF;
  }

  /** Also names every key that is neither the real connector's nor the framework's. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    List<ConfigValue> values = new ArrayList<>(super.validate(connectorConfigs).configValues());
    for (String key : S3SinkConfig.unknownKeys(connectorConfigs)) {
      ConfigValue value =
          new ConfigValue(key, connectorConfigs.get(key), List.of(), new ArrayList<>());
      value.addErrorMessage(
          key + " is not a key of Confluent's S3 sink 10.6 nor of the Connect framework");
      values.add(value);
    }
    return new Config(values);
  }
}
