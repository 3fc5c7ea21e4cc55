package io.pinpipe.streams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the app. By default each store has its own block
 * cache and memtables; the topology has dozens of stores per partition set, so on a real load the
 * app's native memory grew past 1 GB. Here all stores share one block cache, and memtables are
 * charged to it, so off-heap memory stays near {@value #MEMORY_MB_CONFIG} megabytes (default
 * {@value #DEFAULT_MEMORY_MB}).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** Streams property: the megabytes all RocksDB stores of this instance share. */
  public static final String MEMORY_MB_CONFIG = "pinpipe.rocksdb.memory.mb";

  public static final long DEFAULT_MEMORY_MB = 128;

  /** Share of the budget for memtables; the rest caches blocks, index and filters. */
  private static final double MEMTABLE_SHARE = 0.5;

  /** Index and filter blocks go to the high-priority pool, so reads stay fast under pressure. */
  private static final double HIGH_PRIORITY_SHARE = 0.1;

  private static Cache cache;
  private static WriteBufferManager writeBuffers;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    shared(configs);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(writeBuffers);
    options.setMaxWriteBufferNumber(2);
  }

  private static synchronized void shared(Map<String, Object> configs) {
    if (cache != null) {
      return;
    }
    Object configured = configs.get(MEMORY_MB_CONFIG);
    long megabytes =
        configured == null ? DEFAULT_MEMORY_MB : Long.parseLong(configured.toString().trim());
    if (megabytes < 16) {
      throw new IllegalArgumentException(
          MEMORY_MB_CONFIG + " must be at least 16, got " + megabytes);
    }
    long bytes = megabytes * 1024 * 1024;
    cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
    writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store of the instance: they
    // live as long as the JVM, and closing them here would pull them from under the others.
  }
}
