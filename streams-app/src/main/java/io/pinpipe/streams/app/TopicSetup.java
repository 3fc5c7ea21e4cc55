package io.pinpipe.streams.app;

import io.pinpipe.streams.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the raw topics and creates the output topics before the app starts, so that nothing relies
 * on auto-creation (which MSK turns off). The raw topics must share one partition count: the join
 * depends on the three parts of a post landing on the same partition number.
 */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  /** A topic layout the app refuses to run on, with the reason. */
  public static final class TopicLayoutException extends RuntimeException {
    TopicLayoutException(String message) {
      super(message);
    }
  }

  private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

  private final Admin admin;
  private final Topics topics;

  public TopicSetup(Admin admin, Topics topics) {
    this.admin = admin;
    this.topics = topics;
  }

  /** The raw topics' common partition count; throws when a raw topic is missing or they differ. */
  public int checkRawTopics() {
    Map<String, Integer> partitions = partitionCounts(topics.rawNames());
    List<String> missing =
        topics.rawNames().stream().filter(name -> !partitions.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new TopicLayoutException(
          "raw topic(s) "
              + missing
              + " do not exist: create them with one partition count "
              + "(the source connector's topic.creation settings do, see msk-connect/)");
    }
    if (Set.copyOf(partitions.values()).size() > 1) {
      throw new TopicLayoutException(
          "the raw topics must have the same partition count so that a post's three parts are "
              + "co-partitioned, but they have "
              + partitions);
    }
    return partitions.values().iterator().next();
  }

  /**
   * Creates the missing output topics with the raw topics' partition count: {@code stats.*}
   * compacted, the others with the broker's retention. Existing ones are checked, not changed.
   */
  public void createOutputTopics(int partitions, short replicationFactor) {
    Optional<Short> replicas =
        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
    List<NewTopic> wanted = new ArrayList<>();
    for (String name : topics.streamOutputNames()) {
      wanted.add(new NewTopic(name, Optional.of(partitions), replicas));
    }
    for (String name : topics.statsNames()) {
      wanted.add(
          new NewTopic(name, Optional.of(partitions), replicas)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    for (NewTopic topic : wanted) {
      try {
        admin.createTopics(List.of(topic)).all().get();
        LOG.info(
            "created topic {} ({} partitions{})",
            topic.name(),
            partitions,
            topic.configs() == null ? "" : ", " + topic.configs());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "could not create topic " + topic.name() + ": " + e.getCause().getMessage(),
              e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topics", e);
      }
    }
    awaitVisible(wanted.stream().map(NewTopic::name).toList());
    checkOutputTopics(partitions);
  }

  /** New topics reach every broker's metadata a moment after creation returns. */
  private void awaitVisible(List<String> names) {
    long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
    while (partitionCounts(names).size() < names.size() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  /** Checks that every output topic exists with the raw topics' partition count. */
  public void checkOutputTopics(int partitions) {
    List<String> outputs = new ArrayList<>(topics.streamOutputNames());
    outputs.addAll(topics.statsNames());
    Map<String, Integer> counts = partitionCounts(outputs);
    List<String> problems = new ArrayList<>();
    for (String name : outputs) {
      Integer count = counts.get(name);
      if (count == null) {
        problems.add(name + " is missing");
      } else if (count != partitions) {
        problems.add(name + " has " + count + " partitions, the raw topics " + partitions);
      }
    }
    if (!problems.isEmpty()) {
      throw new TopicLayoutException(
          "output topics are not as the app needs them: " + String.join("; ", problems));
    }
  }

  private Map<String, Integer> partitionCounts(Collection<String> names) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    admin
        .describeTopics(names)
        .topicNameValues()
        .forEach(
            (name, future) -> {
              try {
                TopicDescription description = future.get();
                counts.put(name, description.partitions().size());
              } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                  throw new IllegalStateException(
                      "could not describe topic " + name + ": " + e.getCause().getMessage(),
                      e.getCause());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topics", e);
              }
            });
    return counts;
  }
}
