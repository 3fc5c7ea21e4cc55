package io.pinpipe.bench.soak;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How many offsets a consumer group is behind, summed over every partition it has committed in: the
 * last stable offset (what a read_committed reader can see) minus the group's committed offset.
 * Under exactly-once a partition at rest still shows one, its last transaction marker.
 */
final class ConsumerLag {

  private ConsumerLag() {}

  static long of(Admin admin, String group) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest =
        committed.keySet().stream()
            .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
    if (latest.isEmpty()) {
      return 0;
    }
    var stable =
        admin
            .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get();
    long behind = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
      if (entry.getValue() != null) {
        behind += Math.max(0, stable.get(entry.getKey()).offset() - entry.getValue().offset());
      }
    }
    return behind;
  }
}
