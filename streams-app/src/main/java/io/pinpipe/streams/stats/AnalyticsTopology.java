package io.pinpipe.streams.stats;

import io.pinpipe.streams.join.PostChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The nine analytics tables (contract section 5), kept exactly as posts are added, changed and
 * deleted, at a cost per update that does not grow with the data:
 *
 * <ol>
 *   <li>each post update becomes at most one {@link Delta} per {@link Dimension} (its contribution
 *       before and after), keyed by the group and repartitioned by it;
 *   <li>{@link GroupAggregator} applies it to the group's sorted keys ({@link Statistic}) and, once
 *       per {@link #EMIT_INTERVAL}, emits the answers that changed;
 *   <li>changes of a country's top poster go, as deltas of the one group {@code all}, to a second
 *       aggregator that ranks the countries.
 * </ol>
 *
 * No store value and no record grows with the number of posts: a group is a key range, not a value.
 */
public final class AnalyticsTopology {

  /**
   * How often answers are emitted: the exactly-once commit interval's default, so an answer is as
   * fresh as the commit that makes it visible.
   */
  public static final Duration EMIT_INTERVAL = Duration.ofMillis(100);

  static final String GROUPS_STORE = "analytics-groups-store";
  static final String COUNTRIES_STORE = "analytics-countries-store";
  private static final Serde<Delta> DELTAS = DeltaSerde.SERDE;

  private final Function<AnalyticsTable, String> statsTopic;
  private final Function<String, KeyValueBytesStoreSupplier> stores;

  /**
   * @param statsTopic the topic of each table's answers (the topology's topic registry, passed as a
   *     function so that the analytics do not depend on the package that wires them)
   * @param stores a key-value store of the topology's kind (RocksDB, or in memory), by name
   */
  public AnalyticsTopology(
      Function<AnalyticsTable, String> statsTopic,
      Function<String, KeyValueBytesStoreSupplier> stores) {
    this.statsTopic = statsTopic;
    this.stores = stores;
  }

  public void addTo(StreamsBuilder builder, KStream<String, PostChange> changes) {
    KStream<String, AggregatorOutput> firstStage =
        aggregate(
            builder,
            changes.flatMap((number, change) -> Deltas.of(change), Named.as("post-deltas")),
            "analytics-deltas",
            GROUPS_STORE,
            "analytics-groups");
    Map<String, KStream<String, AggregatorOutput>> outputs =
        firstStage
            .split(Named.as("analytics-"))
            .branch((group, output) -> output instanceof Delta, Branched.as("top-poster-changes"))
            .defaultBranch(Branched.as("answers"));
    KStream<String, AggregatorOutput> secondStage =
        aggregate(
            builder,
            outputs
                .get("analytics-top-poster-changes")
                .mapValues(output -> (Delta) output, Named.as("top-poster-deltas")),
            "top-poster-changes",
            COUNTRIES_STORE,
            "analytics-countries");
    outputs
        .get("analytics-answers")
        .merge(secondStage, Named.as("analytics-all-answers"))
        .to(
            (group, answer, context) -> statsTopic.apply(((Answer) answer).table()),
            Produced.with(Serdes.String(), Serdes.serdeFrom(answerJson(), (topic, data) -> null))
                .withName("stats-sink"));
  }

  /** The answer's JSON as the stats topic's value; a group that became empty is a tombstone. */
  private static Serializer<AggregatorOutput> answerJson() {
    return (topic, output) -> {
      String json = ((Answer) output).json();
      return json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    };
  }

  /**
   * Deltas repartitioned by group on {@code topic} and applied by a {@link GroupAggregator} to a
   * store of sorted keys of its own. The store has a record cache: it folds the many writes of a
   * busy group's few keys (a median's cursor, a category's count) into one changelog record per
   * commit.
   */
  private KStream<String, AggregatorOutput> aggregate(
      StreamsBuilder builder,
      KStream<String, Delta> deltas,
      String topic,
      String store,
      String processor) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(stores.apply(store), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingEnabled());
    return deltas
        .repartition(
            Repartitioned.<String, Delta>as(topic)
                .withKeySerde(Serdes.String())
                .withValueSerde(DELTAS))
        .process(() -> new GroupAggregator(store, EMIT_INTERVAL), Named.as(processor), store);
  }
}
