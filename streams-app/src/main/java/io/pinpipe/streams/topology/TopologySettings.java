package io.pinpipe.streams.topology;

import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * What the topology depends on: the topic prefix, and the kind of state stores (RocksDB in
 * production; in-memory for the dry run and driver tests, where TopologyTestDriver's commit after
 * every record makes RocksDB slow and the store type changes nothing observable).
 */
public record TopologySettings(String topicPrefix, Materialized.StoreType storeType) {

  public TopologySettings {
    if (topicPrefix == null) {
      throw new IllegalArgumentException("topic.prefix must be set (it may be empty)");
    }
    if (!topicPrefix.isEmpty() && !topicPrefix.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException(
          "topic.prefix may hold only letters, digits, '.', '_' and '-', got '"
              + topicPrefix
              + "'");
    }
  }

  /** A key-value store of this topology's kind, named {@code name}. */
  public KeyValueBytesStoreSupplier keyValueStore(String name) {
    return storeType == Materialized.StoreType.IN_MEMORY
        ? Stores.inMemoryKeyValueStore(name)
        : Stores.persistentKeyValueStore(name);
  }

  public static TopologySettings production(String topicPrefix) {
    return new TopologySettings(topicPrefix, Materialized.StoreType.ROCKS_DB);
  }

  public static TopologySettings inMemory(String topicPrefix) {
    return new TopologySettings(topicPrefix, Materialized.StoreType.IN_MEMORY);
  }
}
