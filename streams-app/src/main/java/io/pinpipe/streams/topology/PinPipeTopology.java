package io.pinpipe.streams.topology;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.clean.Cleaning;
import io.pinpipe.streams.clean.RawRow;
import io.pinpipe.streams.join.PartUpdate;
import io.pinpipe.streams.join.PostAssembler;
import io.pinpipe.streams.join.PostChange;
import io.pinpipe.streams.stats.AnalyticsTopology;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole app as one topology, a pure function of its settings:
 *
 * <ol>
 *   <li>clean each raw topic into its {@code *.clean} topic, rejects to {@code dlq};
 *   <li>read the clean topics back, keep each part by post number and join them into {@code posts}
 *       ({@link PostAssembler}), each update carrying the post before and after it;
 *   <li>turn those updates into deltas by group and keep the nine {@code stats.*} tables.
 * </ol>
 *
 * The clean topics are keyed by the post number read from each row, so the parts of a post meet in
 * one task whatever keys the raw records had. Every processor and store has a stable name, which
 * keeps internal topic names stable across releases.
 */
public final class PinPipeTopology {

  static final String POST_STORE = "post-parts-store";

  private PinPipeTopology() {}

  public static Topology build(TopologySettings settings) {
    Topics topics = new Topics(settings.topicPrefix());
    StreamsBuilder builder = new StreamsBuilder();

    clean(builder, topics, SourcePart.PIN, Cleaning::pin, CleanPin::ind, topics.pinClean());
    clean(builder, topics, SourcePart.GEO, Cleaning::geo, CleanGeo::ind, topics.geoClean());
    clean(builder, topics, SourcePart.USER, Cleaning::user, CleanUser::ind, topics.userClean());

    addPostStore(builder, settings);
    KStream<String, PartUpdate> updates =
        builder.stream(topics.pinClean().name(), topics.pinClean().consumed("pin-clean-source"))
            .mapValues(value -> (PartUpdate) new PartUpdate.Pin(value), Named.as("pin-part"))
            .merge(
                builder.stream(
                        topics.geoClean().name(), topics.geoClean().consumed("geo-clean-source"))
                    .mapValues(
                        value -> (PartUpdate) new PartUpdate.Geo(value), Named.as("geo-part")),
                Named.as("pin-geo-parts"))
            .merge(
                builder.stream(
                        topics.userClean().name(), topics.userClean().consumed("user-clean-source"))
                    .mapValues(
                        value -> (PartUpdate) new PartUpdate.User(value), Named.as("user-part")),
                Named.as("post-parts"));
    KStream<String, PostChange> changes =
        updates.process(
            () -> new PostAssembler(POST_STORE), Named.as("post-assembler"), POST_STORE);
    changes
        .filter((number, change) -> change.changesPosts(), Named.as("post-changes"))
        .mapValues(PostChange::postJson, Named.as("post-json"))
        .to(topics.posts().name(), topics.posts().produced("posts-sink"));

    new AnalyticsTopology(table -> topics.stats(table).name(), settings::keyValueStore)
        .addTo(builder, changes);
    return builder.build();
  }

  private static <T> void clean(
      StreamsBuilder builder,
      Topics topics,
      SourcePart part,
      Function<RawRow, T> cleaner,
      ToLongFunction<T> postNumber,
      Topic<String, T> cleanTopic) {
    String name = part.topic();
    Topic<byte[], byte[]> raw = topics.raw(part);
    KStream<byte[], Cleaned<T>> cleaned =
        builder.stream(raw.name(), raw.consumed(name + "-source"))
            .process(() -> new CleaningProcessor<>(cleaner, postNumber), Named.as(name + "-clean"));
    Map<String, KStream<byte[], Cleaned<T>>> outcomes =
        cleaned
            .split(Named.as(name + "-"))
            .branch((key, outcome) -> outcome.isRejected(), Branched.as("rejected"))
            .defaultBranch(Branched.as("accepted"));
    outcomes
        .get(name + "-accepted")
        .mapValues(Cleaned::value, Named.as(name + "-clean-value"))
        .to(
            cleanTopic.name(),
            Produced.with(Serdes.ByteArray(), cleanTopic.valueSerde())
                .withName(name + "-clean-sink"));
    Topic<byte[], byte[]> dlq = topics.dlq();
    outcomes
        .get(name + "-rejected")
        .mapValues(Cleaned::raw, Named.as(name + "-rejected-raw"))
        .to(dlq.name(), dlq.produced(name + "-dlq-sink"));
  }

  /**
   * The posts' parts by post number, in {@link StoreValues}' binary form. No record cache: it was
   * meant to log a post once when its three parts arrive within one commit interval, but with a
   * backlog the parts of a post are read from their three topics further apart than that, so it
   * logged 2.9 records per post instead of 3 and took cache room from the analytics' store (whose
   * changelog went from 2.4 to 4.0 records per post; scale benchmark, 80,000 posts).
   */
  private static void addPostStore(StreamsBuilder builder, TopologySettings settings) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                settings.keyValueStore(POST_STORE), Serdes.String(), StoreValues.POST)
            .withCachingDisabled());
  }
}
