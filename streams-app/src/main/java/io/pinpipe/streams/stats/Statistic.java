package io.pinpipe.streams.stats;

import io.pinpipe.streams.json.JsonLine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.streams.KeyValue;

/**
 * How one table keeps its answer for a group in a {@link GroupStore}: add or retract a post's
 * contribution in a few key reads and writes, whatever the group's size, and read the answer back
 * as a short summary. Summaries compare as bytes: the aggregator emits an answer only when its
 * summary changed.
 */
public sealed interface Statistic {

  /** Most frequent category, ties to the category that sorts first. */
  Statistic TOP_CATEGORY = new TopCategory();

  /** Poster with the most followers, ties to the name that sorts first. */
  Statistic TOP_POSTER = new TopByFollowers("poster_name");

  /** Country whose top poster has the most followers, ties to the country that sorts first. */
  Statistic TOP_COUNTRY = new CountryRanking();

  /** Lower median of the follower counts. */
  Statistic MEDIAN_FOLLOWERS = new LowerMedian();

  /** Number of posts. */
  Statistic POSTS = new PostCount();

  /** Adds ({@code sign} 1) or retracts ({@code sign} -1) one post's contribution. */
  void add(GroupStore store, byte[] prefix, Contribution contribution, int sign);

  /** The group's answer in short, null when the group is empty for this table. */
  byte[] summary(GroupStore store, byte[] prefix);

  /** The answer's fields after the group's, from a summary. */
  JsonLine writeAnswer(byte[] summary, JsonLine json);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] bytes, int offset) {
    return new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
  }

  /**
   * Per category its count ({@code c} + category); the answer is found by reading the group's
   * categories, once per emitted answer rather than per post. A ranking key per category (count,
   * then category) would give the answer as a first key but costs two more writes per post, and
   * categories are few (13 in the real data) and do not grow with the posts. Sorting by UTF-8 bytes
   * sorts by code point, as Spark and SQL's binary collation do; the scan meets categories in that
   * order, so the first of equal counts wins.
   */
  record TopCategory() implements Statistic {
    private static final byte COUNT = 'c';

    @Override
    public void add(GroupStore store, byte[] prefix, Contribution contribution, int sign) {
      if (contribution.category() != null) {
        store.addToCount(GroupStore.key(prefix, COUNT, utf8(contribution.category())), sign);
      }
    }

    @Override
    public byte[] summary(GroupStore store, byte[] prefix) {
      byte[] counts = GroupStore.key(prefix, COUNT, new byte[0]);
      byte[] best = null;
      long bestCount = 0;
      for (KeyValue<byte[], byte[]> entry : store.all(counts)) {
        long count = ByteBuffer.wrap(entry.value).getLong();
        if (count > bestCount) {
          bestCount = count;
          best = entry.key;
        }
      }
      return best == null
          ? null
          : GroupStore.concat(
              GroupStore.descending(bestCount),
              Arrays.copyOfRange(best, counts.length, best.length));
    }

    @Override
    public JsonLine writeAnswer(byte[] summary, JsonLine json) {
      return json.field("category", utf8(summary, Long.BYTES))
          .field("category_count", GroupStore.fromDescending(summary, 0));
    }
  }

  /**
   * A multiset of (follower count descending, name) pairs with their number of posts ({@code m} +
   * pair); the first key is the answer.
   */
  record TopByFollowers(String nameField) implements Statistic {
    private static final byte MULTISET = 'm';

    @Override
    public void add(GroupStore store, byte[] prefix, Contribution contribution, int sign) {
      if (contribution.posterName() == null || contribution.followerCount() == null) {
        return;
      }
      byte[] entry =
          GroupStore.concat(
              GroupStore.descending(contribution.followerCount()), utf8(contribution.posterName()));
      store.addToCount(GroupStore.key(prefix, MULTISET, entry), sign);
    }

    @Override
    public byte[] summary(GroupStore store, byte[] prefix) {
      return store.firstEntry(GroupStore.key(prefix, MULTISET, new byte[0]));
    }

    @Override
    public JsonLine writeAnswer(byte[] summary, JsonLine json) {
      return json.field(nameField, utf8(summary, Long.BYTES))
          .field("follower_count", followers(summary));
    }

    static long followers(byte[] summary) {
      return GroupStore.fromDescending(summary, 0);
    }
  }

  /**
   * A multiset of follower counts ({@code m} + count ascending, to its number of posts) and a
   * cursor ({@code k}: size n, median value, number of values below it). The lower median is the
   * value at position ceil(n/2); one add or retraction moves that position by at most one, so the
   * cursor moves by at most one distinct value, found by a seek to the neighbouring key.
   */
  record LowerMedian() implements Statistic {
    private static final byte MULTISET = 'm';
    private static final byte CURSOR = 'k';

    @Override
    public void add(GroupStore store, byte[] prefix, Contribution contribution, int sign) {
      Long value = contribution.followerCount();
      if (value == null) {
        return;
      }
      byte[] values = GroupStore.key(prefix, MULTISET, new byte[0]);
      store.addToCount(GroupStore.concat(values, GroupStore.ascending(value)), sign);
      byte[] cursorKey = GroupStore.key(prefix, CURSOR, new byte[0]);
      byte[] cursor = store.get(cursorKey);
      if (cursor == null) {
        if (sign < 0) {
          throw new IllegalStateException("a median lost a value it never had");
        }
        store.put(cursorKey, cursor(1, value, 0));
        return;
      }
      ByteBuffer read = ByteBuffer.wrap(cursor);
      long size = read.getLong() + sign;
      long median = read.getLong();
      long below = read.getLong();
      if (size == 0) {
        store.delete(cursorKey);
        return;
      }
      if (value < median) {
        below += sign;
      }
      long position = (size + 1) / 2;
      while (true) {
        byte[] at = GroupStore.ascending(median);
        long here = store.count(GroupStore.concat(values, at));
        if (position <= below) {
          KeyValue<byte[], Long> previous = store.previousEntry(values, at);
          median = GroupStore.fromAscending(previous.key, 0);
          below -= previous.value;
        } else if (position > below + here) {
          KeyValue<byte[], Long> next = store.nextEntry(values, at);
          below += here;
          median = GroupStore.fromAscending(next.key, 0);
        } else {
          break;
        }
      }
      store.put(cursorKey, cursor(size, median, below));
    }

    private static byte[] cursor(long size, long median, long below) {
      return ByteBuffer.allocate(3 * Long.BYTES)
          .putLong(size)
          .putLong(median)
          .putLong(below)
          .array();
    }

    @Override
    public byte[] summary(GroupStore store, byte[] prefix) {
      byte[] cursor = store.get(GroupStore.key(prefix, CURSOR, new byte[0]));
      return cursor == null ? null : Arrays.copyOfRange(cursor, Long.BYTES, 2 * Long.BYTES);
    }

    @Override
    public JsonLine writeAnswer(byte[] summary, JsonLine json) {
      return json.field("median_follower_count", ByteBuffer.wrap(summary).getLong());
    }
  }

  /**
   * One entry per country, set rather than counted: retracting a country removes it whatever its
   * follower count was ({@code v} + country holds the count it is ranked by), adding sets it. The
   * entries ({@code m} + count descending + country) are ranked as {@link TopByFollowers}'s are.
   * Setting twice equals setting once, so an aggregator that re-sends its countries after a restart
   * cannot rank one twice.
   */
  record CountryRanking() implements Statistic {
    private static final byte VALUE = 'v';
    private static final byte MULTISET = 'm';
    private static final Statistic RANKED = new TopByFollowers("country");

    @Override
    public void add(GroupStore store, byte[] prefix, Contribution contribution, int sign) {
      byte[] country = utf8(contribution.posterName());
      byte[] valueKey = GroupStore.key(prefix, VALUE, country);
      byte[] ranked = store.get(valueKey);
      if (ranked != null) {
        store.delete(GroupStore.key(prefix, MULTISET, GroupStore.concat(ranked, country)));
        store.delete(valueKey);
      }
      if (sign > 0 && contribution.followerCount() != null) {
        byte[] followers = GroupStore.descending(contribution.followerCount());
        store.put(
            GroupStore.key(prefix, MULTISET, GroupStore.concat(followers, country)),
            GroupStore.longBytes(1));
        store.put(valueKey, followers);
      }
    }

    @Override
    public byte[] summary(GroupStore store, byte[] prefix) {
      return RANKED.summary(store, prefix);
    }

    @Override
    public JsonLine writeAnswer(byte[] summary, JsonLine json) {
      return RANKED.writeAnswer(summary, json);
    }
  }

  /** One count ({@code n}). */
  record PostCount() implements Statistic {
    private static final byte COUNT = 'n';

    @Override
    public void add(GroupStore store, byte[] prefix, Contribution contribution, int sign) {
      store.addToCount(GroupStore.key(prefix, COUNT, new byte[0]), sign);
    }

    @Override
    public byte[] summary(GroupStore store, byte[] prefix) {
      long count = store.count(GroupStore.key(prefix, COUNT, new byte[0]));
      return count == 0 ? null : GroupStore.longBytes(count);
    }

    @Override
    public JsonLine writeAnswer(byte[] summary, JsonLine json) {
      return json.field("number_users_joined", ByteBuffer.wrap(summary).getLong());
    }
  }
}
