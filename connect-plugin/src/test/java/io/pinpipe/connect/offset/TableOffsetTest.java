package io.pinpipe.connect.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableOffsetTest {

  @Test
  void roundTripsThroughItsMap() {
    TableOffset offset = new TableOffset(7528L, LocalDateTime.of(2020, 8, 28, 3, 52, 47, 123_456_000));

    assertThat(TableOffset.fromMap(offset.toMap())).isEqualTo(offset);
    assertThat(offset.toMap()).containsEntry("protocol", 1).containsEntry("key", 7528L);
  }

  @Test
  void readsKeysStoredAsIntegersAsConnectMayReturnThem() {
    assertThat(TableOffset.fromMap(Map.of("protocol", 1, "key", 33)).lastKey()).isEqualTo(33L);
  }

  @Test
  void noOffsetIsTheStart() {
    assertThat(TableOffset.fromMap(null)).isEqualTo(TableOffset.START);
    assertThat(TableOffset.fromMap(Map.of())).isEqualTo(TableOffset.START);
    assertThat(TableOffset.fromMap(TableOffset.START.toMap())).isEqualTo(TableOffset.START);
  }

  @Test
  void rejectsAnUnknownProtocolAndBadValues() {
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("protocol", 2, "key", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported offset protocol 2");
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("key", 1))).hasMessageContaining("unsupported offset protocol null");
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("protocol", 1, "key", "seven"))).hasMessageContaining("not a number");
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("protocol", 1, "key", 1, "timestamp", "yesterday")))
        .hasMessageContaining("not a date-time");
  }

  @Test
  void partitionsNameDatabaseAndTable() {
    TablePartition partition = new TablePartition("pinterest", "pinterest_data");

    assertThat(TablePartition.fromMap(partition.toMap())).isEqualTo(partition);
    assertThatThrownBy(() -> TablePartition.fromMap(Map.of("table", "x"))).hasMessageContaining("not a table partition");
  }

  @Test
  void partitionMapsIterateInOneFixedOrderBecauseConnectKeysOffsetsByTheirBytes() {
    assertThat(new TablePartition("db", "t").toMap().keySet()).containsExactly("database", "table");
    assertThat(new TableOffset(5L, null).toMap().keySet()).containsExactly("protocol", "key");
  }
}
