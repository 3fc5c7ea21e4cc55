package io.pinpipe.streams.stats;

import io.pinpipe.streams.binary.BinaryOutput;
import io.pinpipe.streams.json.JsonLine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * interval marks it dirty, the mark holding the group's answer summaries as they were; each
 * interval, the answers of the marked groups whose summary differs are forwarded and the marks
 * removed. A group of many posts per interval (a large country, an age group) thus writes one
 * answer per interval. The marks are in the store, so they are logged and committed with the
 * state and the input offsets: a crash between a delta and its answer replays neither and loses
 * neither.
 *
 * <p>For the country dimension a change of a country's top poster's follower count also goes
 * out as a delta of the {@link Dimension#ALL} group, the second stage's input.
 */
public final class GroupAggregator implements Processor<String, Delta, String, AggregatorOutput> {

  private static final byte[] DIRTY = {(byte) 0xFE};

  private final String storeName;
  private final Duration emitInterval;
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
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitChangedAnswers());
  }

  @Override
  public void process(Record<String, Delta> record) {
    GroupKey key = GroupKey.parse(record.key());
    Dimension dimension = key.dimension();
    byte[] mark = dirtyKey(key);
    if (store.get(mark) == null) {
      store.put(mark, summaries(dimension, key.group()));
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

  /** Forwards the changed answers of every group marked since the last time, and the marks go. */
  private void emitChangedAnswers() {
    List<KeyValue<byte[], byte[]>> marked = store.all(DIRTY);
    long now = context.currentSystemTimeMs();
    for (KeyValue<byte[], byte[]> mark : marked) {
      GroupKey key = groupOf(mark.key);
      byte[][] before = readSummaries(mark.value, key.dimension().measures().size());
      List<Dimension.Measure> measures = key.dimension().measures();
      for (int i = 0; i < measures.size(); i++) {
        Dimension.Measure measure = measures.get(i);
        byte[] after = measure.statistic().summary(store, GroupStore.groupPrefix(measure.table(), key.group()));
        if (!Arrays.equals(before[i], after)) {
          String json = after == null ? null : measure.statistic().writeAnswer(after, key.dimension().writeGroup(key.group(), JsonLine.object())).toString();
          context.forward(new Record<>(key.group(), new Answer(measure.table(), json), now));
          if (measure.table() == AnalyticsTable.TOP_USER_BY_COUNTRY) {
            forwardTopPosterChange(key.group(), before[i], after, now);
          }
        }
      }
      store.delete(mark.key);
    }
  }

  /** The country's top follower count, retracted and added in the ranking of countries. */
  private void forwardTopPosterChange(String country, byte[] before, byte[] after, long now) {
    Long followersBefore = before == null ? null : Statistic.TopByFollowers.followers(before);
    Long followersAfter = after == null ? null : Statistic.TopByFollowers.followers(after);
    if (java.util.Objects.equals(followersBefore, followersAfter)) {
      return;
    }
    Delta delta =
        new Delta(
            followersBefore == null ? null : new Contribution(null, country, followersBefore),
            followersAfter == null ? null : new Contribution(null, country, followersAfter));
    context.forward(new Record<>(new GroupKey(Dimension.ALL, "all").toString(), delta, now));
  }

  private byte[] summaries(Dimension dimension, String group) {
    BinaryOutput out = new BinaryOutput(64);
    for (Dimension.Measure measure : dimension.measures()) {
      byte[] summary = measure.statistic().summary(store, GroupStore.groupPrefix(measure.table(), group));
      if (summary == null) {
        out.putInt(-1);
      } else {
        out.putInt(summary.length);
        out.putBytes(summary);
      }
    }
    return out.toByteArray();
  }

  private static byte[][] readSummaries(byte[] mark, int count) {
    ByteBuffer in = ByteBuffer.wrap(mark);
    byte[][] summaries = new byte[count][];
    for (int i = 0; i < count; i++) {
      int length = in.getInt();
      if (length >= 0) {
        summaries[i] = new byte[length];
        in.get(summaries[i]);
      }
    }
    return summaries;
  }

  /** {@code 0xFE, dimension ordinal, group}: after every table's keys, so never inside a group's range (not 0xFF: a prefix scan must be able to step past its prefix). */
  private static byte[] dirtyKey(GroupKey key) {
    byte[] group = key.group().getBytes(StandardCharsets.UTF_8);
    byte[] mark = new byte[2 + group.length];
    mark[0] = DIRTY[0];
    mark[1] = (byte) key.dimension().ordinal();
    System.arraycopy(group, 0, mark, 2, group.length);
    return mark;
  }

  private static GroupKey groupOf(byte[] mark) {
    return new GroupKey(Dimension.values()[mark[1]], new String(mark, 2, mark.length - 2, StandardCharsets.UTF_8));
  }
}
