package io.pinpipe.connect.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GapRuleTest {

  private static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 1, 12, 0, 0);
  private static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void holdsAGapWhileAnOpenTransactionMayFillIt() {
    GapRule rule = new GapRule("t", true, GRACE);
    rule.observe(T0, 10);
    GapRule.Gap gap = rule.track(5, 5, T0, Set.of("trx-1"));

    assertThat(rule.mayPass(gap, T0.plusSeconds(1), Set.of("trx-1", "trx-2"), true)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(2), Set.of("trx-2"), true)).isTrue();
  }

  @Test
  void neverPassesAGapThatHasBeenFilled() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, Set.of());

    assertThat(rule.mayPass(gap, T0.plusMinutes(10), Set.of(), false)).isFalse();
  }

  @Test
  void passesAnAutoIncrementGapAtOnceWhenNoTransactionIsOpen() {
    GapRule rule = new GapRule("t", true, GRACE);

    assertThat(rule.mayPass(rule.track(34, 51, T0, Set.of()), T0, Set.of(), true)).isTrue();
  }

  @Test
  void explicitKeysWaitForTheGraceAfterAHigherKeyWasVisible() {
    GapRule rule = new GapRule("geo", false, GRACE);
    rule.observe(T0, 100);
    GapRule.Gap gap = rule.track(34, 51, T0.plusSeconds(5), Set.of());

    assertThat(rule.mayPass(gap, T0.plusSeconds(29), Set.of(), true)).isFalse();
    rule.observe(T0.plusSeconds(30), 100);
    assertThat(rule.mayPass(gap, T0.plusSeconds(30), Set.of(), true)).isTrue();
  }

  @Test
  void withoutTransactionInfoFallsBackToTheGracePeriod() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, null);

    assertThat(rule.mayPass(gap, T0.plusSeconds(10), null, true)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(30), null, true)).isTrue();
  }

  @Test
  void aLongOpenTransactionIsPassedAfterTheGraceThatIsTheDocumentedLimit() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, Set.of("trx-1"));

    assertThat(rule.mayPass(gap, T0.plusSeconds(29), Set.of("trx-1"), true)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(31), Set.of("trx-1"), true)).isTrue();
  }
}
