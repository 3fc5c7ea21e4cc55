package io.pinpipe.streams.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The analytics state as sorted keys: each table's group owns a key range that starts with the
 * table's number and the group, so a group's multiset is a range of the store, its best entry the
 * range's first key, and no value grows with the data. Counts are 8-byte big-endian values.
 *
 * <p>Key layout: {@code [table ordinal: 1 byte][group length: 4 bytes][group: UTF-8][kind: 1
 * byte][entry]}. The length keeps one group's range from holding another group that starts with the
 * same text. Keys compare as unsigned bytes in RocksDB, the in-memory store and the record cache
 * alike.
 */
final class GroupStore {

  private static final BytesSerializer PREFIX = new BytesSerializer();
  private static final byte[] NO_VALUE = new byte[0];

  private final KeyValueStore<Bytes, byte[]> store;

  GroupStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /** The start of every key of one table's group. */
  static byte[] groupPrefix(AnalyticsTable table, String group) {
    byte[] text = group.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + Integer.BYTES + text.length)
        .put((byte) table.ordinal())
        .putInt(text.length)
        .put(text)
        .array();
  }

  static byte[] key(byte[] prefix, byte kind, byte[] entry) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + 1 + entry.length);
    key[prefix.length] = kind;
    System.arraycopy(entry, 0, key, prefix.length + 1, entry.length);
    return key;
  }

  /** The count kept under a key; 0 when absent. */
  long count(byte[] key) {
    byte[] value = store.get(Bytes.wrap(key));
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  /** Sets a count, removing the key at 0 so that empty entries leave no trace. */
  void setCount(byte[] key, long count) {
    if (count < 0) {
      throw new IllegalStateException("a count went below zero: a retraction without its addition");
    }
    if (count == 0) {
      store.delete(Bytes.wrap(key));
    } else {
      store.put(Bytes.wrap(key), longBytes(count));
    }
  }

  /** Adds {@code delta} to a count and returns the count before. */
  long addToCount(byte[] key, long delta) {
    long before = count(key);
    setCount(key, before + delta);
    return before;
  }

  void mark(byte[] key) {
    store.put(Bytes.wrap(key), NO_VALUE);
  }

  void delete(byte[] key) {
    store.delete(Bytes.wrap(key));
  }

  byte[] get(byte[] key) {
    return store.get(Bytes.wrap(key));
  }

  void put(byte[] key, byte[] value) {
    store.put(Bytes.wrap(key), value);
  }

  /** The first key starting with {@code prefix}, without the prefix; null when there is none. */
  byte[] firstEntry(byte[] prefix) {
    try (KeyValueIterator<Bytes, byte[]> entries = store.prefixScan(Bytes.wrap(prefix), PREFIX)) {
      return entries.hasNext() ? entryOf(entries.next().key.get(), prefix) : null;
    }
  }

  /** The nearest entry after {@code entry} among keys {@code prefix + 8 bytes}; null when none. */
  KeyValue<byte[], Long> nextEntry(byte[] prefix, byte[] entry) {
    byte[] from = concat(prefix, entry);
    byte[] to = concat(prefix, longBytes(-1L));
    try (KeyValueIterator<Bytes, byte[]> entries = store.range(Bytes.wrap(from), Bytes.wrap(to))) {
      return nearest(entries, from, prefix);
    }
  }

  /** The nearest entry before {@code entry} among keys {@code prefix + 8 bytes}; null when none. */
  KeyValue<byte[], Long> previousEntry(byte[] prefix, byte[] entry) {
    byte[] from = concat(prefix, longBytes(0L));
    byte[] to = concat(prefix, entry);
    try (KeyValueIterator<Bytes, byte[]> entries =
        store.reverseRange(Bytes.wrap(from), Bytes.wrap(to))) {
      return nearest(entries, to, prefix);
    }
  }

  /** Every key starting with {@code prefix}, with its value, in order. */
  List<KeyValue<byte[], byte[]>> all(byte[] prefix) {
    List<KeyValue<byte[], byte[]>> all = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries = store.prefixScan(Bytes.wrap(prefix), PREFIX)) {
      entries.forEachRemaining(entry -> all.add(KeyValue.pair(entry.key.get(), entry.value)));
    }
    return all;
  }

  private static KeyValue<byte[], Long> nearest(
      KeyValueIterator<Bytes, byte[]> entries, byte[] excluded, byte[] prefix) {
    while (entries.hasNext()) {
      KeyValue<Bytes, byte[]> next = entries.next();
      if (!Arrays.equals(next.key.get(), excluded)) {
        return KeyValue.pair(
            entryOf(next.key.get(), prefix), ByteBuffer.wrap(next.value).getLong());
      }
    }
    return null;
  }

  private static byte[] entryOf(byte[] key, byte[] prefix) {
    return Arrays.copyOfRange(key, prefix.length, key.length);
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** A long whose bytes sort as the numbers do (the sign bit flipped). */
  static byte[] ascending(long value) {
    return longBytes(value ^ Long.MIN_VALUE);
  }

  static long fromAscending(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, Long.BYTES).getLong() ^ Long.MIN_VALUE;
  }

  /** A long whose bytes sort in the numbers' reverse order. */
  static byte[] descending(long value) {
    return longBytes(~(value ^ Long.MIN_VALUE));
  }

  static long fromDescending(byte[] bytes, int offset) {
    return ~ByteBuffer.wrap(bytes, offset, Long.BYTES).getLong() ^ Long.MIN_VALUE;
  }
}
