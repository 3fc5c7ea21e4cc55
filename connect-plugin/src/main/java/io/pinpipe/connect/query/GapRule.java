package io.pinpipe.connect.query;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When reading may move past missing keys. MySQL hands out AUTO_INCREMENT values at insert time, so
 * key 5 can commit after key 6: a reader that moved on at 6 would never see 5. A row past a gap is
 * therefore held back until one of these holds:
 *
 * <ol>
 *   <li>a key of the gap appears (it is then read in order), or
 *   <li>the gap is empty and no open transaction holds a key in it, by a locking probe that the
 *       server answers from the rows themselves ({@link Probe}), twice at least {@link #SETTLE}
 *       apart; for AUTO_INCREMENT keys (values are handed out in increasing order, so a later
 *       transaction cannot take a key below one already visible) and for the first page of a table
 *       (nothing has been delivered yet that a later key could fall below), or
 *   <li>where the probe cannot run (a server without {@code NOWAIT}, a user without the privilege),
 *       for the same keys: every transaction open when the gap was seen has ended, by {@code
 *       information_schema.INNODB_TRX}, or
 *   <li>a key above the gap has been in the table for the grace period, by the database clock.
 * </ol>
 *
 * The probe replaces the transaction list where it can because the server caches that list: it
 * refreshes {@code INNODB_TRX} only after 100 ms without reads of it, so a list read often (by this
 * task or a monitor) can be frozen and miss the very transaction that holds the gap.
 *
 * <p>The remaining limit: a transaction that keeps a key open for longer than the grace period
 * after a higher key is visible, and then commits, is not delivered. The connector logs every range
 * it moves past at WARN with its keys.
 */
final class GapRule {

  private static final Logger LOG = LoggerFactory.getLogger(GapRule.class);

  /**
   * How far apart two clean probes must be. A statement that inserts many rows takes its
   * AUTO_INCREMENT values together, before it writes the rows that then hold them: the second
   * probe, this much later, sees those rows held.
   */
  static final Duration SETTLE = Duration.ofMillis(200);

  /** What a locking read of the gap's keys found. */
  enum Probe {
    /** No key of the gap, committed or not: nothing holds it now. */
    CLEAN,
    /**
     * A key of the gap is there: held by an open transaction, or committed since the gap was read.
     */
    HELD,
    /** The probe cannot run on this server or for this user. */
    UNAVAILABLE
  }

  /** A range of missing keys, and what was known when it was first seen. */
  static final class Gap {
    private final long from;
    private final long to;
    private final LocalDateTime firstSeen;
    private final Set<String> openTransactions;
    private final boolean firstPage;
    private LocalDateTime cleanSince;

    Gap(
        long from,
        long to,
        LocalDateTime firstSeen,
        Set<String> openTransactions,
        boolean firstPage) {
      this.from = from;
      this.to = to;
      this.firstSeen = firstSeen;
      this.openTransactions = openTransactions;
      this.firstPage = firstPage;
    }

    long from() {
      return from;
    }

    long to() {
      return to;
    }
  }

  private record Checkpoint(LocalDateTime at, long maxKey) {}

  private final String table;
  private final boolean autoIncrement;
  private final Duration grace;
  private final java.util.function.LongFunction<String> keyText;
  private final Deque<Checkpoint> checkpoints = new ArrayDeque<>();
  private Long maxKeyAtStart;

  /**
   * Every gap being watched, by its first key: the one the reader waits at and those after it in
   * the same page, so that under many writers each gap's evidence gathers while the reader waits at
   * an earlier one, and a poll can pass many gaps rather than one.
   */
  private final java.util.NavigableMap<Long, Gap> tracked = new java.util.TreeMap<>();

  GapRule(String table, boolean autoIncrement, Duration grace) {
    this(table, autoIncrement, grace, Long::toString);
  }

  /**
   * @param keyText how a key is written in the log (BIGINT UNSIGNED keys are kept as order-keeping
   *     longs)
   */
  GapRule(
      String table,
      boolean autoIncrement,
      Duration grace,
      java.util.function.LongFunction<String> keyText) {
    this.table = table;
    this.autoIncrement = autoIncrement;
    this.grace = grace;
    this.keyText = keyText;
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

  /**
   * The gap being waited on. A gap that keeps its start and shrinks at the top (keys of it
   * committed and were read) is the same gap: what was learnt of the larger range holds for it.
   *
   * @param firstPage whether nothing of the table has been delivered yet (the gap is below its
   *     first row)
   * @param openTransactions transactions open now, or null when they are not read
   */
  Gap track(
      long from, long to, LocalDateTime now, Set<String> openTransactions, boolean firstPage) {
    Gap gap = tracked.get(from);
    if (gap == null || to > gap.to) {
      gap = new Gap(from, to, now, openTransactions, firstPage);
      tracked.put(from, gap);
    }
    return gap;
  }

  /** Stops watching gaps that start at or below {@code key}: the reader is past them. */
  void forgetUpTo(long key) {
    tracked.headMap(key, true).clear();
  }

  /** How many gaps are watched now. */
  int watched() {
    return tracked.size();
  }

  /**
   * Notes what a probe of the gap found now: a clean probe starts its settle, a held key restarts
   * it.
   */
  void noteProbe(Gap gap, LocalDateTime now, Probe probe) {
    if (probe == Probe.HELD) {
      gap.cleanSince = null;
    } else if (probe == Probe.CLEAN && gap.cleanSince == null) {
      gap.cleanSince = now;
    }
  }

  /**
   * Whether passing a gap may use the transaction list: only without the probe, so only then is it
   * read.
   */
  boolean needsTransactions(Probe probe, boolean firstPage) {
    return probe == Probe.UNAVAILABLE && (autoIncrement || firstPage);
  }

  /**
   * Whether reading may move past the gap now.
   *
   * @param gapStillEmpty whether the gap has no key now
   * @param probe what the locking probe of the gap found now
   * @param transactionsNow transactions open now, read after the gap's emptiness; null when not
   *     read or not readable
   */
  boolean mayPass(
      Gap gap, LocalDateTime now, boolean gapStillEmpty, Probe probe, Set<String> transactionsNow) {
    if (!gapStillEmpty) {
      return false;
    }
    noteProbe(gap, now, probe);
    if (probe == Probe.CLEAN) {
      if ((autoIncrement || gap.firstPage) && !now.isBefore(gap.cleanSince.plus(SETTLE))) {
        LOG.debug(
            "{}: keys {}..{} are missing and no transaction holds them; moving past them",
            table,
            keyText.apply(gap.from),
            keyText.apply(gap.to));
        return pass(gap);
      }
    } else if ((autoIncrement || gap.firstPage)
        && gap.openTransactions != null
        && transactionsNow != null
        && gap.openTransactions.stream().noneMatch(transactionsNow::contains)) {
      LOG.debug(
          "{}: keys {}..{} were never committed; no transaction that could hold them is open",
          table,
          keyText.apply(gap.from),
          keyText.apply(gap.to));
      return pass(gap);
    }
    if (keyAboveGapSeenBefore(gap.to, now.minus(grace))
        || !gap.firstSeen.isAfter(now.minus(grace))) {
      if (maxKeyAtStart != null && gap.to < maxKeyAtStart && probe != Probe.HELD) {
        // The gap was there before this task first looked: old deletions or rollbacks, not news.
        LOG.debug(
            "{}: keys {}..{} were missing before the task started; moving past them",
            table,
            keyText.apply(gap.from),
            keyText.apply(gap.to));
      } else {
        LOG.warn(
            "{}: keys {}..{} still missing {} after a higher key was visible{}; moving past them. A transaction that"
                + " commits one of them later is not delivered (gap.grace.period.ms).",
            table,
            keyText.apply(gap.from),
            keyText.apply(gap.to),
            grace,
            probe == Probe.HELD ? ", held by an open transaction" : "");
      }
      return pass(gap);
    }
    return false;
  }

  private boolean pass(Gap gap) {
    tracked.remove(gap.from);
    return true;
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
