package io.pinpipe.streams.topology;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.clean.Cleaning;
import io.pinpipe.streams.clean.RawRow;
import io.pinpipe.streams.join.Post;
import io.pinpipe.streams.stats.AnalyticsTopology;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The whole app as one topology, a pure function of its settings:
 *
 * <ol>
 *   <li>clean each raw topic into its {@code *.clean} topic, rejects to {@code dlq};
 *   <li>read the clean topics back as tables and join them by post number into {@code posts};
 *   <li>aggregate the joined tables into the nine {@code stats.*} tables.
 * </ol>
 *
 * The clean topics are keyed by the post number read from each row, so the tables joined from
 * them are co-partitioned whatever keys the raw records had. Every processor and store has a
 * stable name, which keeps internal topic names stable across releases.
 */
public final class PinPipeTopology {

  private PinPipeTopology() {}

  public static Topology build(TopologySettings settings) {
    Topics topics = new Topics(settings.topicPrefix());
    StreamsBuilder builder = new StreamsBuilder();

    clean(builder, topics, SourcePart.PIN, Cleaning::pin, CleanPin::ind, topics.pinClean());
    clean(builder, topics, SourcePart.GEO, Cleaning::geo, CleanGeo::ind, topics.geoClean());
    clean(builder, topics, SourcePart.USER, Cleaning::user, CleanUser::ind, topics.userClean());

    KTable<String, CleanPin> pins = table(builder, topics.pinClean(), StoreValues.PIN, "pin", settings);
    KTable<String, CleanGeo> geos = table(builder, topics.geoClean(), StoreValues.GEO, "geo", settings);
    KTable<String, CleanUser> users = table(builder, topics.userClean(), StoreValues.USER, "user", settings);

    KTable<String, Post> pinWithGeo = pins.join(geos, Post::pinWithGeo, Named.as("join-pin-geo"));
    KTable<String, Post> pinWithUser = pins.join(users, Post::pinWithUser, Named.as("join-pin-user"));
    KTable<String, Post> posts = pinWithGeo.join(users, Post::withUser, Named.as("join-post-user"));
    posts
        .mapValues(Post::toJson, Named.as("post-json"))
        .toStream(Named.as("post-changes"))
        .to(topics.posts().name(), topics.posts().produced("posts-sink"));

    new AnalyticsTopology(topics, settings.storeType()).addTo(pinWithGeo, pinWithUser);
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
        .to(cleanTopic.name(), Produced.with(Serdes.ByteArray(), cleanTopic.valueSerde()).withName(name + "-clean-sink"));
    Topic<byte[], byte[]> dlq = topics.dlq();
    outcomes
        .get(name + "-rejected")
        .mapValues(Cleaned::raw, Named.as(name + "-rejected-raw"))
        .to(dlq.name(), dlq.produced(name + "-dlq-sink"));
  }

  /**
   * A clean topic as a table; its store holds the records in {@link StoreValues}' binary form.
   * Read as a stream and turned into a table because {@code StreamsBuilder.table} always gives the
   * store the topic's serdes, whatever the {@code Materialized} says: the stores held the clean
   * JSON until a test read their changelogs.
   */
  private static <T> KTable<String, T> table(
      StreamsBuilder builder, Topic<String, T> topic, Serde<T> storeSerde, String name, TopologySettings settings) {
    return builder
        .stream(topic.name(), topic.consumed(name + "-clean-source"))
        .toTable(
            Named.as(name + "-table"),
            Materialized.<String, T, KeyValueStore<Bytes, byte[]>>as(name + "-table-store")
                .withStoreType(settings.storeType())
                .withKeySerde(topic.keySerde())
                .withValueSerde(storeSerde)
                // A cache here would hold back one side's update while the join's value getters
                // already see it; when both sides are flushed, each emits the joined post with no
                // old value, and the aggregations downstream count it twice.
                .withCachingDisabled());
  }
}
