package io.pinpipe.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics' stored forms byte for byte, written out by hand from the formats that {@link
 * DeltaSerde}, {@link GroupStore} and {@link Statistic} document: the deltas on the repartition
 * topics, and every key and value of the groups' store (and so of its changelog). A change to any
 * of them fails here; it needs a new version byte or a new application id (streams-app README,
 * upgrades).
 */
class AnalyticsFormatsGoldenTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path stateDir;

  @Test
  void deltaOnTheRepartitionTopic() {
    Delta delta =
        new Delta(new Contribution("art", "Ann", 5L), new Contribution(null, "Ann", null));
    String expected =
        "01" // version
            + "01" // before present
            + "00000003"
            + "617274" // category "art"
            + "00000003"
            + "416e6e" // poster name "Ann"
            + "01"
            + "0000000000000005" // follower count 5
            + "01" // after present
            + "ffffffff" // category null
            + "00000003"
            + "416e6e"
            + "00"; // follower count null
    assertThat(HEX.formatHex(DeltaSerde.SERDE.serializer().serialize("t", delta)))
        .isEqualTo(expected);
    assertThat(DeltaSerde.SERDE.deserializer().deserialize("t", HEX.parseHex(expected)))
        .isEqualTo(delta);
    assertThat(HEX.formatHex(DeltaSerde.SERDE.serializer().serialize("t", new Delta(null, null))))
        .isEqualTo("010000");
  }

  @Test
  void theGroupsStoreAfterOnePostInACountry() {
    KeyValueStore<Bytes, byte[]> store = store();
    GroupAggregator aggregator = new GroupAggregator("groups", Duration.ofMillis(100));
    MockProcessorContext<String, AggregatorOutput> context = context(store);
    aggregator.init(context);
    aggregator.process(
        new Record<>("country|Chad", new Delta(null, new Contribution("art", "Ann", 5L)), 0L));

    String chad = "00000004" + "43686164"; // group length, "Chad"
    Map<String, String> expected = new LinkedHashMap<>();
    // top_category_by_country (table 0): the category's count.
    expected.put("00" + chad + "63" + "617274", "0000000000000001");
    // top_user_by_country (table 2): the poster's entry, followers 5 descending then the name.
    expected.put("02" + chad + "6d" + "7ffffffffffffffa" + "416e6e", "0000000000000001");
    // The group's registration, written when it first appears: 0xFD, dimension 0 (country), the
    // group.
    expected.put("fd" + "00" + "43686164", "");
    assertThat(contents(store)).isEqualTo(expected);

    // The emit forwards both answers and sends the country to the ranking of countries: out,
    // then in again with its top follower count.
    assertThat(context.scheduledPunctuators())
        .singleElement()
        .satisfies(p -> assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(100)));
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(100L);
    assertThat(contents(store)).isEqualTo(expected);
    assertThat(context.forwarded().stream().map(f -> (Object) f.record().value()).toList())
        .containsExactly(
            new Answer(
                AnalyticsTable.TOP_CATEGORY_BY_COUNTRY,
                "{\"country\": \"Chad\", \"category\": \"art\", \"category_count\": 1}"),
            new Answer(
                AnalyticsTable.TOP_USER_BY_COUNTRY,
                "{\"country\": \"Chad\", \"poster_name\": \"Ann\", \"follower_count\": 5}"),
            new Delta(new Contribution(null, "Chad", null), new Contribution(null, "Chad", 5L)));

    // A task that starts on this store (after a crash, or on another instance) emits the answers
    // of every group it holds, whether or not they changed since the last emit.
    GroupAggregator restarted = new GroupAggregator("groups", Duration.ofMillis(100));
    MockProcessorContext<String, AggregatorOutput> again = context(store);
    restarted.init(again);
    again.scheduledPunctuators().get(0).getPunctuator().punctuate(200L);
    assertThat(again.forwarded()).hasSize(3);
  }

  @Test
  void theGroupsStoreOfAMedianAndACount() {
    KeyValueStore<Bytes, byte[]> store = store();
    GroupAggregator aggregator = new GroupAggregator("groups", Duration.ofMillis(100));
    aggregator.init(context(store));
    aggregator.process(
        new Record<>("join_year|2016", new Delta(null, new Contribution("art", "Ann", -3L)), 0L));

    String year = "00000004" + "32303136"; // "2016"
    Map<String, String> expected = new LinkedHashMap<>();
    // users_joined_by_year (table 6): one count.
    expected.put("06" + year + "6e", "0000000000000001");
    // median_followers_by_join_year (table 7): the cursor (size 1, median -3, none below), then
    // the value -3 ascending (sign bit flipped) with its count.
    expected.put("07" + year + "6b", "0000000000000001" + "fffffffffffffffd" + "0000000000000000");
    expected.put("07" + year + "6d" + "7ffffffffffffffd", "0000000000000001");
    expected.put("fd" + "03" + "32303136", "");
    assertThat(contents(store)).isEqualTo(expected);
  }

  private KeyValueStore<Bytes, byte[]> store() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("groups"), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingDisabled()
        .build();
  }

  @Test
  void theRankingOfCountriesSetsACountryRatherThanCountingIt() {
    KeyValueStore<Bytes, byte[]> store = store();
    GroupAggregator aggregator = new GroupAggregator("groups", Duration.ofMillis(100));
    aggregator.init(context(store));
    Delta chad =
        new Delta(new Contribution(null, "Chad", null), new Contribution(null, "Chad", 5L));
    aggregator.process(new Record<>("all|all", chad, 0L));
    aggregator.process(new Record<>("all|all", chad, 0L)); // sent again after a restart

    String all = "00000003" + "616c6c"; // "all"
    Map<String, String> expected = new LinkedHashMap<>();
    // top_country_by_followers (table 3): the ranked entry, then the country's ranked count.
    expected.put("03" + all + "6d" + "7ffffffffffffffa" + "43686164", "0000000000000001");
    expected.put("03" + all + "76" + "43686164", "7ffffffffffffffa");
    expected.put("fd" + "05" + "616c6c", "");
    assertThat(contents(store)).isEqualTo(expected);
  }

  private MockProcessorContext<String, AggregatorOutput> context(
      KeyValueStore<Bytes, byte[]> store) {
    Properties props = new Properties();
    props.put("application.id", "golden");
    props.put("bootstrap.servers", "unused:9092");
    MockProcessorContext<String, AggregatorOutput> context =
        new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
    context.setCurrentSystemTimeMs(100L);
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return context;
  }

  private static Map<String, String> contents(KeyValueStore<Bytes, byte[]> store) {
    Map<String, String> contents = new LinkedHashMap<>();
    try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Bytes, byte[]> entry = all.next();
        contents.put(HEX.formatHex(entry.key.get()), HEX.formatHex(entry.value));
      }
    }
    return contents;
  }
}
