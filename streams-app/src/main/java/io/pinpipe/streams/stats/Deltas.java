package io.pinpipe.streams.stats;

import io.pinpipe.streams.join.PostChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;

/**
 * The deltas one post update makes: at most one per dimension whose group or contribution changed.
 */
final class Deltas {

  private Deltas() {}

  static List<KeyValue<String, Delta>> of(PostChange change) {
    List<KeyValue<String, Delta>> deltas = new ArrayList<>(Dimension.OF_POSTS.size());
    // The contribution is the pin's, the same in every dimension: read once per side.
    Contribution pinBefore =
        change.before().pin() == null ? null : Contribution.of(change.before());
    Contribution pinAfter = change.after().pin() == null ? null : Contribution.of(change.after());
    for (Dimension dimension : Dimension.OF_POSTS) {
      String groupBefore = dimension.groupOf(change.before());
      String groupAfter = dimension.groupOf(change.after());
      Contribution before = groupBefore == null ? null : pinBefore;
      Contribution after = groupAfter == null ? null : pinAfter;
      if (Objects.equals(groupBefore, groupAfter)) {
        if (groupAfter != null && !before.equals(after)) {
          deltas.add(
              KeyValue.pair(
                  new GroupKey(dimension, groupAfter).toString(), new Delta(before, after)));
        }
        continue;
      }
      // The post moved: out of one group, into another; the two may be on different tasks.
      if (groupBefore != null) {
        deltas.add(
            KeyValue.pair(
                new GroupKey(dimension, groupBefore).toString(), new Delta(before, null)));
      }
      if (groupAfter != null) {
        deltas.add(
            KeyValue.pair(new GroupKey(dimension, groupAfter).toString(), new Delta(null, after)));
      }
    }
    return deltas;
  }
}
