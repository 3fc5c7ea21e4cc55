package io.pinpipe.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.connect.offset.TableOffset;
import io.pinpipe.connect.offset.TablePartition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** The connector's own decisions, without a worker: what offsets an operator may write. */
class MySqlSourceConnectorTest {

  private static final Map<String, String> CONFIG =
      Map.of(
          "connection.url", "jdbc:mysql://db.example:3306/pinterest",
          "tables", "pinterest_data,geolocation_data");

  private final MySqlSourceConnector connector = new MySqlSourceConnector();

  @Test
  void acceptsAnOffsetItCanReadAndAResetOfATable() {
    Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
    offsets.put(
        new TablePartition("pinterest", "pinterest_data").toMap(),
        new TableOffset(7528L, null, List.of()).toMap());
    offsets.put(new TablePartition("pinterest", "geolocation_data").toMap(), null);

    assertThat(connector.alterOffsets(CONFIG, offsets)).isTrue();
  }

  @Test
  void refusesATableItDoesNotReadOrAnotherDatabase() {
    assertThatThrownBy(
            () ->
                connector.alterOffsets(
                    CONFIG, Map.of(new TablePartition("pinterest", "user_data").toMap(), Map.of())))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("pinterest.user_data")
        .hasMessageContaining("[geolocation_data, pinterest_data]");
    assertThatThrownBy(
            () ->
                connector.alterOffsets(
                    CONFIG,
                    Map.of(new TablePartition("other", "pinterest_data").toMap(), Map.of())))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("other.pinterest_data");
  }

  @Test
  void refusesAPartitionOrAnOffsetItCannotRead() {
    assertThatThrownBy(
            () ->
                connector.alterOffsets(CONFIG, Map.of(Map.of("table", "pinterest_data"), Map.of())))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("not a table partition");
    Map<String, Object> unknownProtocol = new LinkedHashMap<>();
    unknownProtocol.put("protocol", 9);
    unknownProtocol.put("key", 5);
    assertThatThrownBy(
            () ->
                connector.alterOffsets(
                    CONFIG,
                    Map.of(
                        new TablePartition("pinterest", "pinterest_data").toMap(),
                        unknownProtocol)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("pinterest_data: unsupported offset protocol 9");
    Map<String, Object> textKey = new LinkedHashMap<>(new TableOffset(1L, null, List.of()).toMap());
    textKey.put("key", "five");
    assertThatThrownBy(
            () ->
                connector.alterOffsets(
                    CONFIG,
                    Map.of(new TablePartition("pinterest", "pinterest_data").toMap(), textKey)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("offset key is not a number");
  }
}
