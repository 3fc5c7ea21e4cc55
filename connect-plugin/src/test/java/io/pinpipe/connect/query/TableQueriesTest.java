package io.pinpipe.connect.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableQueriesTest {

  private final TableQueries pins = new TableQueries("pinterest_data", "index", null);

  @Test
  void quotesTheReservedWordIndexAndBindsEveryValue() {
    assertThat(pins.pageAfter())
        .isEqualTo("SELECT * FROM `pinterest_data` WHERE `index` > ? ORDER BY `index` LIMIT ?");
    assertThat(pins.firstPage())
        .isEqualTo("SELECT * FROM `pinterest_data` ORDER BY `index` LIMIT ?");
    assertThat(pins.anyKeyBetween())
        .isEqualTo("SELECT `index` FROM `pinterest_data` WHERE `index` BETWEEN ? AND ? LIMIT 1");
    assertThat(pins.maxKey()).isEqualTo("SELECT MAX(`index`) FROM `pinterest_data`");
  }

  @Test
  void escapesBackticksInsideIdentifiers() {
    assertThat(TableQueries.quote("we`ird")).isEqualTo("`we``ird`");
    assertThat(new TableQueries("t", "a`; DROP TABLE t; --", null).pageAfter())
        .isEqualTo(
            "SELECT * FROM `t` WHERE `a``; DROP TABLE t; --` > ? ORDER BY `a``; DROP TABLE t; --` LIMIT ?");
    assertThatThrownBy(() -> TableQueries.quote("")).hasMessageContaining("empty identifier");
  }

  @Test
  void pagesByTimestampThenKeyUnderAnUpperBound() {
    assertThat(new TableQueries("orders", "id", "updated_at").timestampPage())
        .isEqualTo(
            "SELECT * FROM `orders` WHERE `updated_at` < ? AND (`updated_at` > ? OR (`updated_at` = ? AND `id` > ?))"
                + " ORDER BY `updated_at`, `id` LIMIT ?");
    assertThatThrownBy(pins::timestampPage).hasMessageContaining("no timestamp column");
  }
}
