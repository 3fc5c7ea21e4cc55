package io.pinpipe.connect.query;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When reading may move past missing keys. MySQL hands out AUTO_INCREMENT values at insert time,
 * so key 5 can commit after key 6: a reader that moved on at 6 would never see 5. A row past a gap
 * is therefore held back until one of these holds:
 *
 * <ol>
 *   <li>a key of the gap appears (it is then read in order), or
 *   <li>the key is AUTO_INCREMENT and every transaction open when the gap was seen has ended, the
 *       gap still being empty afterwards (values are handed out in increasing order, so a later
 *       transaction cannot take a key below one already visible), or
 *   <li>a key above the gap has been in the table for the grace period, by the database clock.
 * </ol>
 *
 * The one remaining limit: a transaction that keeps a key open for longer than the grace period
 * after a higher key is visible, and then commits, is not delivered. The connector logs every
 * range it moves past at WARN with its keys.
 */
final class GapRule {

  private static final Logger LOG = LoggerFactory.getLogger(GapRule.class);

  /** A range of missing keys, and what was known when it was first seen. */
  record Gap(long from, long to, LocalDateTime firstSeen, Set<String> openTransactions) {}

  private record Checkpoint(LocalDateTime at, long maxKey) {}

  private final String table;
  private final boolean autoIncrement;
  private final Duration grace;
  private final Deque<Checkpoint> checkpoints = new ArrayDeque<>();
  private Long maxKeyAtStart;
  private Gap current;

  GapRule(String table, boolean autoIncrement, Duration grace) {
    this.table = table;
    this.autoIncrement = autoIncrement;
    this.grace = grace;
  }

  /** Records the table's highest key at a moment of the database clock. */
  void observe(LocalDateTime now, long maxKey) {
    if (maxKeyAtStart == null) {
      maxKeyAtStart = maxKey;
    }
    if (checkpoints.isEmpty() || checkpoints.peekLast().maxKey() != maxKey) {
      checkpoints.addLast(new Checkpoint(now, maxKey));
    }
    LocalDateTime horizon = now.minus(grace);
    // Keep the newest checkpoint at or before the horizon, and everything after it.
    while (checkpoints.size() > 1 && !second().at().isAfter(horizon)) {
      checkpoints.removeFirst();
    }
  }

  private Checkpoint second() {
    var iterator = checkpoints.iterator();
    iterator.next();
    return iterator.next();
  }

  /** The gap being waited on, if it is this one; else a newly seen one. */
  Gap track(long from, long to, LocalDateTime now, Set<String> openTransactions) {
    if (current == null || current.from() != from || current.to() != to) {
      current = new Gap(from, to, now, openTransactions);
    }
    return current;
  }

  /**
   * Whether reading may move past the gap now.
   *
   * @param transactionsNow transactions open now, or null when they cannot be read
   * @param gapStillEmpty whether the gap has no key now, checked after {@code transactionsNow}
   */
  boolean mayPass(Gap gap, LocalDateTime now, Set<String> transactionsNow, boolean gapStillEmpty) {
    if (!gapStillEmpty) {
      return false;
    }
    if (autoIncrement && gap.openTransactions() != null && transactionsNow != null
        && gap.openTransactions().stream().noneMatch(transactionsNow::contains)) {
      LOG.debug("{}: keys {}..{} were never committed; no transaction that could hold them is open", table, gap.from(), gap.to());
      current = null;
      return true;
    }
    if (keyAboveGapSeenBefore(gap.to(), now.minus(grace)) || !gap.firstSeen().isAfter(now.minus(grace))) {
      if (maxKeyAtStart != null && gap.to() < maxKeyAtStart) {
        // The gap was there before this task first looked: old deletions or rollbacks, not news.
        LOG.debug("{}: keys {}..{} were missing before the task started; moving past them", table, gap.from(), gap.to());
      } else {
        LOG.warn(
            "{}: keys {}..{} still missing {} after a higher key was visible; moving past them. A transaction that"
                + " commits one of them later is not delivered (gap.grace.period.ms).",
            table, gap.from(), gap.to(), grace);
      }
      current = null;
      return true;
    }
    return false;
  }

  private boolean keyAboveGapSeenBefore(long gapEnd, LocalDateTime horizon) {
    for (Checkpoint checkpoint : checkpoints) {
      if (!checkpoint.at().isAfter(horizon) && checkpoint.maxKey() > gapEnd) {
        return true;
      }
    }
    return false;
  }
}
