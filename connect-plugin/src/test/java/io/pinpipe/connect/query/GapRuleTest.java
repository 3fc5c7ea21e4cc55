package io.pinpipe.connect.query;

import static io.pinpipe.connect.query.GapRule.Probe.CLEAN;
import static io.pinpipe.connect.query.GapRule.Probe.HELD;
import static io.pinpipe.connect.query.GapRule.Probe.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GapRuleTest {

  private static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 1, 12, 0, 0);
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final LocalDateTime SETTLED = T0.plus(GapRule.SETTLE);

  @Test
  void anAutoIncrementGapNoTransactionHoldsPassesOnceTheProbeIsCleanTwiceASettleApart() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, null, false);

    assertThat(rule.mayPass(gap, T0, true, CLEAN, null)).as("first clean probe").isFalse();
    assertThat(rule.mayPass(gap, SETTLED.minusNanos(1000), true, CLEAN, null))
        .as("too soon")
        .isFalse();
    assertThat(rule.mayPass(gap, SETTLED, true, CLEAN, null)).isTrue();
  }

  @Test
  void aHeldKeyStartsTheSettleAgain() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 9, T0, null, false);

    assertThat(rule.mayPass(gap, T0, true, CLEAN, null)).isFalse();
    assertThat(rule.mayPass(gap, SETTLED, true, HELD, null)).isFalse();
    assertThat(rule.mayPass(gap, SETTLED.plusSeconds(1), true, CLEAN, null)).isFalse();
    assertThat(rule.mayPass(gap, SETTLED.plusSeconds(2), true, CLEAN, null)).isTrue();
  }

  @Test
  void aGapThatShrinksAtTheTopKeepsWhatWasLearntAndOneThatGrowsStartsOver() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap wide = rule.track(5, 9, T0, null, false);
    assertThat(rule.mayPass(wide, T0, true, CLEAN, null)).isFalse();

    GapRule.Gap narrower = rule.track(5, 7, SETTLED, null, false);
    assertThat(narrower).isSameAs(wide);
    assertThat(rule.mayPass(narrower, SETTLED, true, CLEAN, null)).isTrue();

    GapRule.Gap first = rule.track(20, 21, T0, null, false);
    rule.mayPass(first, T0, true, CLEAN, null);
    GapRule.Gap wider = rule.track(20, 25, SETTLED, null, false);
    assertThat(wider).isNotSameAs(first);
    assertThat(rule.mayPass(wider, SETTLED, true, CLEAN, null)).isFalse();
  }

  @Test
  void watchesManyGapsAtOnceSoThatOnePollPassesEveryGapThatHasSettled() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap first = rule.track(5, 5, T0, null, false);
    GapRule.Gap second = rule.track(8, 9, T0, null, false);
    GapRule.Gap third = rule.track(12, 12, T0, null, false);
    assertThat(rule.watched()).isEqualTo(3);
    // The reader waits at the first gap; the others are probed as it looks ahead.
    assertThat(rule.mayPass(first, T0, true, CLEAN, null)).isFalse();
    rule.noteProbe(second, T0, CLEAN);
    rule.noteProbe(third, T0, HELD);

    assertThat(rule.mayPass(rule.track(5, 5, SETTLED, null, false), SETTLED, true, CLEAN, null))
        .isTrue();
    assertThat(rule.mayPass(rule.track(8, 9, SETTLED, null, false), SETTLED, true, CLEAN, null))
        .as("settled while waiting")
        .isTrue();
    assertThat(rule.mayPass(rule.track(12, 12, SETTLED, null, false), SETTLED, true, CLEAN, null))
        .as("was held")
        .isFalse();

    rule.forgetUpTo(12);
    assertThat(rule.watched()).isZero();
  }

  @Test
  void neverPassesAGapThatHasBeenFilled() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, Set.of(), false);

    assertThat(rule.mayPass(gap, T0.plusMinutes(10), false, CLEAN, Set.of())).isFalse();
  }

  @Test
  void explicitKeysWaitForTheGraceAfterAHigherKeyWasVisibleWhateverTheProbeSays() {
    GapRule rule = new GapRule("geo", false, GRACE);
    rule.observe(T0, 100);
    GapRule.Gap gap = rule.track(34, 51, T0.plusSeconds(5), null, false);

    assertThat(rule.mayPass(gap, T0.plusSeconds(5), true, CLEAN, null)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(29), true, CLEAN, null)).isFalse();
    rule.observe(T0.plusSeconds(30), 100);
    assertThat(rule.mayPass(gap, T0.plusSeconds(30), true, CLEAN, null)).isTrue();
  }

  @Test
  void belowTheFirstRowEvenExplicitKeysPassOnTheProbeSoTheFirstLoadDoesNotWaitTheGrace() {
    GapRule rule = new GapRule("geo", false, GRACE);
    GapRule.Gap gap = rule.track(Long.MIN_VALUE, 1, T0, null, true);

    assertThat(rule.mayPass(gap, T0, true, HELD, null))
        .as("key 1 held by an open transaction")
        .isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(1), true, CLEAN, null)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(1).plus(GapRule.SETTLE), true, CLEAN, null))
        .isTrue();
  }

  @Test
  void withoutTheProbeAnAutoIncrementGapPassesWhenEveryTransactionOpenAtFirstSightHasEnded() {
    GapRule rule = new GapRule("t", true, GRACE);
    assertThat(rule.needsTransactions(UNAVAILABLE, false)).isTrue();
    assertThat(rule.needsTransactions(CLEAN, false))
        .as("the probe needs no transaction list")
        .isFalse();
    rule.observe(T0, 10);
    GapRule.Gap gap = rule.track(5, 5, T0, Set.of("trx-1"), false);

    assertThat(rule.mayPass(gap, T0.plusSeconds(1), true, UNAVAILABLE, Set.of("trx-1", "trx-2")))
        .isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(2), true, UNAVAILABLE, Set.of("trx-2"))).isTrue();
  }

  @Test
  void withNeitherProbeNorTransactionsFallsBackToTheGracePeriod() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, null, false);

    assertThat(rule.mayPass(gap, T0.plusSeconds(10), true, UNAVAILABLE, null)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(30), true, UNAVAILABLE, null)).isTrue();
  }

  @Test
  void aKeyHeldLongerThanTheGraceIsPassedThatBeingTheDocumentedLimit() {
    GapRule rule = new GapRule("t", true, GRACE);
    GapRule.Gap gap = rule.track(5, 5, T0, null, false);

    assertThat(rule.mayPass(gap, T0.plusSeconds(29), true, HELD, null)).isFalse();
    assertThat(rule.mayPass(gap, T0.plusSeconds(31), true, HELD, null)).isTrue();
  }
}
