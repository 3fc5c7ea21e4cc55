package io.pinpipe.streams.stats;

import io.pinpipe.streams.json.JsonLine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies deltas to the groups' sorted keys and emits the answers that changed.
 *
 * <p>Answers are emitted once per interval, not per delta: the first delta of a group in an
 * interval notes the group's answer summaries as they were; each interval, the answers of the noted
 * groups whose summary differs are forwarded. A group of many posts per interval (a large country,
 * an age group) thus writes one answer per interval, and the notes cost no store write.
 *
 * <p>The notes live in memory, so a crash or a move of the task to another instance could lose
 * answers not yet emitted while their deltas are committed. Every group ever seen is therefore
 * registered in the store (one write when it first appears), and a task that starts emits the
 * answers of all its registered groups: answers are idempotent on the compacted stats topics, so
 * re-emitting one is harmless and missing one is impossible.
 *
 * <p>For the country dimension, a country whose top poster changed also goes to the ranking of
 * countries ({@link Dimension#ALL}) as a delta that removes the country and sets it again with its
 * top follower count, if any: an upsert that re-emitting cannot double.
 */
public final class GroupAggregator implements Processor<String, Delta, String, AggregatorOutput> {

  /**
   * {@code 0xFD, dimension ordinal, group}: outside every table's keys (table ordinals are below).
   */
  private static final byte[] REGISTERED = {(byte) 0xFD};

  /** Summaries of a group noted at start: unknown, so every answer of the group is emitted. */
  private static final byte[][] UNKNOWN = null;

  private final String storeName;
  private final Duration emitInterval;
  private final Map<GroupKey, byte[][]> changed = new LinkedHashMap<>();
  private ProcessorContext<String, AggregatorOutput> context;
  private GroupStore store;

  public GroupAggregator(String storeName, Duration emitInterval) {
    this.storeName = storeName;
    this.emitInterval = emitInterval;
  }

  @Override
  public void init(ProcessorContext<String, AggregatorOutput> context) {
    this.context = context;
    KeyValueStore<Bytes, byte[]> kv = context.getStateStore(storeName);
    store = new GroupStore(kv);
    // The store is restored before a processor is initialised: these are all the task's groups.
    for (KeyValue<byte[], byte[]> registered : store.all(REGISTERED)) {
      changed.put(groupOf(registered.key), UNKNOWN);
    }
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitChangedAnswers());
  }

  @Override
  public void process(Record<String, Delta> record) {
    GroupKey key = GroupKey.parse(record.key());
    Dimension dimension = key.dimension();
    if (!changed.containsKey(key)) {
      byte[] registration = registrationKey(key);
      if (store.get(registration) == null) {
        store.mark(registration);
      }
      changed.put(key, summaries(dimension, key.group()));
    }
    Delta delta = record.value();
    for (Dimension.Measure measure : dimension.measures()) {
      byte[] prefix = GroupStore.groupPrefix(measure.table(), key.group());
      if (delta.before() != null) {
        measure.statistic().add(store, prefix, delta.before(), -1);
      }
      if (delta.after() != null) {
        measure.statistic().add(store, prefix, delta.after(), 1);
      }
    }
  }

  /** Forwards the changed answers of every group noted since the last time. */
  private void emitChangedAnswers() {
    long now = context.currentSystemTimeMs();
    for (Map.Entry<GroupKey, byte[][]> noted : changed.entrySet()) {
      GroupKey key = noted.getKey();
      List<Dimension.Measure> measures = key.dimension().measures();
      for (int i = 0; i < measures.size(); i++) {
        Dimension.Measure measure = measures.get(i);
        byte[] after =
            measure
                .statistic()
                .summary(store, GroupStore.groupPrefix(measure.table(), key.group()));
        if (noted.getValue() == UNKNOWN || !Arrays.equals(noted.getValue()[i], after)) {
          String json =
              after == null
                  ? null
                  : measure
                      .statistic()
                      .writeAnswer(
                          after, key.dimension().writeGroup(key.group(), JsonLine.object()))
                      .toString();
          context.forward(new Record<>(key.group(), new Answer(measure.table(), json), now));
          if (measure.table() == AnalyticsTable.TOP_USER_BY_COUNTRY) {
            forwardTopPoster(key.group(), after, now);
          }
        }
      }
    }
    changed.clear();
  }

  /**
   * The country out of the ranking of countries, and back in with its top follower count if it has
   * one.
   */
  private void forwardTopPoster(String country, byte[] top, long now) {
    Contribution current =
        top == null
            ? null
            : new Contribution(null, country, Statistic.TopByFollowers.followers(top));
    Delta upsert = new Delta(new Contribution(null, country, null), current);
    context.forward(new Record<>(new GroupKey(Dimension.ALL, "all").toString(), upsert, now));
  }

  private byte[][] summaries(Dimension dimension, String group) {
    List<Dimension.Measure> measures = dimension.measures();
    byte[][] summaries = new byte[measures.size()][];
    for (int i = 0; i < measures.size(); i++) {
      Dimension.Measure measure = measures.get(i);
      summaries[i] =
          measure.statistic().summary(store, GroupStore.groupPrefix(measure.table(), group));
    }
    return summaries;
  }

  private static byte[] registrationKey(GroupKey key) {
    byte[] group = key.group().getBytes(StandardCharsets.UTF_8);
    byte[] registration = new byte[2 + group.length];
    registration[0] = REGISTERED[0];
    registration[1] = (byte) key.dimension().ordinal();
    System.arraycopy(group, 0, registration, 2, group.length);
    return registration;
  }

  private static GroupKey groupOf(byte[] registration) {
    return new GroupKey(
        Dimension.values()[registration[1]],
        new String(registration, 2, registration.length - 2, StandardCharsets.UTF_8));
  }
}
