package io.pinpipe.connect.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableOffsetTest {

  @Test
  void roundTripsThroughItsMap() {
    TableOffset offset =
        new TableOffset(7528L, LocalDateTime.of(2020, 8, 28, 3, 52, 47, 123_456_000));

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
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("protocol", 3, "key", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported offset protocol 3");
    assertThatThrownBy(
            () ->
                TableOffset.fromMap(
                    Map.of("protocol", 2, "key", 1, "passed", "9..x@2026-01-01T00:00")))
        .hasMessageContaining("passed ranges are unreadable");
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("key", 1)))
        .hasMessageContaining("unsupported offset protocol null");
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("protocol", 1, "key", "seven")))
        .hasMessageContaining("not a number");
    assertThatThrownBy(
            () -> TableOffset.fromMap(Map.of("protocol", 1, "key", 1, "timestamp", "yesterday")))
        .hasMessageContaining("not a date-time");
  }

  @Test
  void anOffsetWithoutPassedRangesIsWrittenAsProtocol1SoThatEarlierReleasesStillReadIt() {
    // Literal maps, as an earlier release wrote them and as this one must write them.
    assertThat(new TableOffset(7528L, null).toMap()).isEqualTo(Map.of("protocol", 1, "key", 7528L));
    assertThat(
            TableOffset.fromMap(
                Map.of("protocol", 1, "key", 7528L, "timestamp", "2020-08-28T03:52:47.123456")))
        .isEqualTo(new TableOffset(7528L, LocalDateTime.of(2020, 8, 28, 3, 52, 47, 123_456_000)));
  }

  @Test
  void passedRangesAreWrittenAsOneStringUnderProtocol2() {
    TableOffset offset =
        new TableOffset(100L, null)
            .withPassed(new TableOffset.PassedRange(5, 5, LocalDateTime.of(2026, 1, 1, 12, 0, 0)))
            .withPassed(
                new TableOffset.PassedRange(
                    -9, 12, LocalDateTime.of(2026, 1, 1, 12, 0, 1, 500_000_000)));

    assertThat(offset.toMap())
        .isEqualTo(
            Map.of(
                "protocol",
                2,
                "key",
                100L,
                "passed",
                "5..5@2026-01-01T12:00,-9..12@2026-01-01T12:00:01.500"));
    assertThat(TableOffset.fromMap(offset.toMap())).isEqualTo(offset);
  }

  @Test
  void aKeyThatArrivesSplitsItsRangeAndTheListStaysBounded() {
    LocalDateTime at = LocalDateTime.of(2026, 1, 1, 12, 0);
    TableOffset.PassedRange range = new TableOffset.PassedRange(10, 14, at);
    TableOffset offset = new TableOffset(100L, null).withPassed(range);

    assertThat(offset.withArrived(12).passed())
        .containsExactly(
            new TableOffset.PassedRange(10, 11, at), new TableOffset.PassedRange(13, 14, at));
    assertThat(offset.withArrived(10).withArrived(14).passed())
        .containsExactly(new TableOffset.PassedRange(11, 13, at));
    assertThat(offset.withArrived(99).passed()).containsExactly(range);
    assertThat(offset.withArrived(12).withoutWithin(10, 14).passed()).isEmpty();

    TableOffset full = new TableOffset(100L, null);
    for (int i = 0; i <= TableOffset.MAX_PASSED; i++) {
      full = full.withPassed(new TableOffset.PassedRange(i, i, at));
    }
    assertThat(full.passed())
        .hasSize(TableOffset.MAX_PASSED)
        .first()
        .isEqualTo(new TableOffset.PassedRange(1, 1, at));
  }

  @Test
  void partitionsNameDatabaseAndTable() {
    TablePartition partition = new TablePartition("pinterest", "pinterest_data");

    assertThat(TablePartition.fromMap(partition.toMap())).isEqualTo(partition);
    assertThatThrownBy(() -> TablePartition.fromMap(Map.of("table", "x")))
        .hasMessageContaining("not a table partition");
  }

  @Test
  void partitionMapsIterateInOneFixedOrderBecauseConnectKeysOffsetsByTheirBytes() {
    assertThat(new TablePartition("db", "t").toMap().keySet()).containsExactly("database", "table");
    assertThat(new TableOffset(5L, null).toMap().keySet()).containsExactly("protocol", "key");
  }
}
