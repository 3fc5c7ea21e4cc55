package io.pinpipe.bench.soak;

import io.pinpipe.bench.kafka.ApplicationLag;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * How many offsets a consumer group is behind, summed over every partition it has committed in: the
 * last stable offset (what a read_committed reader can see) minus the group's committed offset.
 * Under exactly-once a partition at rest still shows one, its last transaction marker.
 */
final class ConsumerLag {

  private ConsumerLag() {}

  static long of(Admin admin, String group) throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> committed = ApplicationLag.committedOffsets(admin, group);
    Map<TopicPartition, Long> stable = ApplicationLag.stableOffsets(admin, committed.keySet());
    long behind = 0;
    for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
      behind += Math.max(0, stable.get(entry.getKey()) - entry.getValue());
    }
    return behind;
  }
}
