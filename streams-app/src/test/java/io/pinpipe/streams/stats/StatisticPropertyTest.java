package io.pinpipe.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.streams.json.JsonLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each statistic against a naive oracle over long random sequences of adds and retractions, in real
 * stores (in-memory and RocksDB): groups that grow to thousands of values and shrink back to none,
 * many distinct values or few (ties), negative and extreme follower counts, names that are prefixes
 * of each other and names beyond ASCII. After every step the summary must equal the answer computed
 * from the oracle's current multiset.
 */
class StatisticPropertyTest {

  @TempDir Path stateDir;

  static Stream<Arguments> cases() {
    return LongStream.rangeClosed(1, 8)
        .boxed()
        .flatMap(seed -> Stream.of(Arguments.of(seed, "in-memory"), Arguments.of(seed, "rocksdb")));
  }

  @ParameterizedTest(name = "seed {0}, {1}")
  @MethodSource("cases")
  void everyStatisticEqualsTheNaiveAnswerAfterEveryStep(long seed, String storeType) {
    SplittableRandom random = new SplittableRandom(seed);
    try (Store store = open(storeType)) {
      GroupStore groups = new GroupStore(store.kv);
      byte[] categoryPrefix =
          GroupStore.groupPrefix(AnalyticsTable.TOP_CATEGORY_BY_COUNTRY, "Chad");
      byte[] posterPrefix = GroupStore.groupPrefix(AnalyticsTable.TOP_USER_BY_COUNTRY, "Chad");
      byte[] medianPrefix =
          GroupStore.groupPrefix(AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP, "18-24");
      // A neighbouring group whose name extends this one's must not leak into its range.
      byte[] neighbourPrefix =
          GroupStore.groupPrefix(AnalyticsTable.MEDIAN_FOLLOWERS_BY_AGE_GROUP, "18-24x");
      Statistic.MEDIAN_FOLLOWERS.add(
          groups, neighbourPrefix, new Contribution(null, null, Long.MIN_VALUE), 1);

      List<Contribution> present = new ArrayList<>();
      int distinct = random.nextBoolean() ? 6 : 5_000;
      int steps = 6_000;
      for (int step = 0; step < steps; step++) {
        boolean growing = step < steps * 2 / 3;
        boolean retract = !present.isEmpty() && random.nextInt(growing ? 4 : 3) > (growing ? 2 : 0);
        Contribution contribution;
        int sign;
        if (retract) {
          contribution = present.remove(random.nextInt(present.size()));
          sign = -1;
        } else {
          contribution = randomContribution(random, distinct);
          present.add(contribution);
          sign = 1;
        }
        Statistic.TOP_CATEGORY.add(groups, categoryPrefix, contribution, sign);
        Statistic.TOP_POSTER.add(groups, posterPrefix, contribution, sign);
        Statistic.MEDIAN_FOLLOWERS.add(groups, medianPrefix, contribution, sign);

        assertThat(answer(Statistic.TOP_CATEGORY, groups, categoryPrefix))
            .as("top category at step %d", step)
            .isEqualTo(topCategory(present));
        assertThat(answer(Statistic.TOP_POSTER, groups, posterPrefix))
            .as("top poster at step %d", step)
            .isEqualTo(topPoster(present));
        assertThat(answer(Statistic.MEDIAN_FOLLOWERS, groups, medianPrefix))
            .as("median at step %d", step)
            .isEqualTo(median(present));
      }
      while (!present.isEmpty()) {
        Contribution gone = present.remove(present.size() - 1);
        Statistic.TOP_CATEGORY.add(groups, categoryPrefix, gone, -1);
        Statistic.TOP_POSTER.add(groups, posterPrefix, gone, -1);
        Statistic.MEDIAN_FOLLOWERS.add(groups, medianPrefix, gone, -1);
      }
      // An emptied group leaves no key behind: only the neighbour's value and cursor remain.
      assertThat(groups.all(new byte[] {(byte) AnalyticsTable.TOP_CATEGORY_BY_COUNTRY.ordinal()}))
          .isEmpty();
      assertThat(groups.all(new byte[] {(byte) AnalyticsTable.TOP_USER_BY_COUNTRY.ordinal()}))
          .isEmpty();
      assertThat(groups.all(medianPrefix)).isEmpty();
      assertThat(answer(Statistic.MEDIAN_FOLLOWERS, groups, neighbourPrefix))
          .isEqualTo(JsonLine.object().field("median_follower_count", Long.MIN_VALUE).toString());
    }
  }

  private static final List<String> NAMES =
      List.of("Ann", "Anna", "Ánna", "Zoë", "日本", "a", "B", "Ann ");

  private static Contribution randomContribution(SplittableRandom random, int distinct) {
    String category = random.nextInt(20) == 0 ? null : "c" + random.nextInt(Math.min(distinct, 12));
    String name =
        random.nextInt(20) == 0
            ? null
            : NAMES.get(random.nextInt(NAMES.size())) + random.nextInt(Math.max(1, distinct / 8));
    Long followers =
        switch (random.nextInt(25)) {
          case 0 -> null;
          case 1 -> Long.MAX_VALUE;
          case 2 -> -1L - random.nextInt(3);
          default -> (long) random.nextInt(distinct);
        };
    return new Contribution(category, name, followers);
  }

  private static String answer(Statistic statistic, GroupStore groups, byte[] prefix) {
    byte[] summary = statistic.summary(groups, prefix);
    return summary == null ? null : statistic.writeAnswer(summary, JsonLine.object()).toString();
  }

  private static String topCategory(List<Contribution> present) {
    Map<String, Long> counts =
        present.stream()
            .filter(c -> c.category() != null)
            .collect(Collectors.groupingBy(Contribution::category, Collectors.counting()));
    return counts.entrySet().stream()
        .min(
            Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey, StatisticPropertyTest::byCodePoint))
        .map(
            e ->
                JsonLine.object()
                    .field("category", e.getKey())
                    .field("category_count", e.getValue())
                    .toString())
        .orElse(null);
  }

  private static String topPoster(List<Contribution> present) {
    return present.stream()
        .filter(c -> c.posterName() != null && c.followerCount() != null)
        .min(
            Comparator.comparing((Contribution c) -> c.followerCount(), Comparator.reverseOrder())
                .thenComparing(Contribution::posterName, StatisticPropertyTest::byCodePoint))
        .map(
            c ->
                JsonLine.object()
                    .field("poster_name", c.posterName())
                    .field("follower_count", c.followerCount())
                    .toString())
        .orElse(null);
  }

  private static String median(List<Contribution> present) {
    List<Long> sorted =
        present.stream().map(Contribution::followerCount).filter(f -> f != null).sorted().toList();
    return sorted.isEmpty()
        ? null
        : JsonLine.object()
            .field("median_follower_count", sorted.get((sorted.size() + 1) / 2 - 1))
            .toString();
  }

  /** Code point order: what "sorts first" means for the contract, Spark and a binary collation. */
  private static int byCodePoint(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private Store open(String type) {
    KeyValueBytesStoreSupplier supplier =
        type.equals("rocksdb")
            ? Stores.persistentKeyValueStore("groups")
            : Stores.inMemoryKeyValueStore("groups");
    KeyValueStore<Bytes, byte[]> kv =
        Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context =
        new MockProcessorContext<>(
            props(stateDir),
            new org.apache.kafka.streams.processor.TaskId(0, 0),
            stateDir.toFile());
    kv.init(context.getStateStoreContext(), kv);
    return new Store(kv);
  }

  private static java.util.Properties props(Path stateDir) {
    java.util.Properties props = new java.util.Properties();
    props.put("application.id", "statistic-test");
    props.put("bootstrap.servers", "unused:9092");
    props.put("state.dir", stateDir.toString());
    return props;
  }

  private record Store(KeyValueStore<Bytes, byte[]> kv) implements AutoCloseable {
    @Override
    public void close() {
      kv.close();
    }
  }
}
