package io.pinpipe.bench.topology;

import io.pinpipe.streams.topology.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The least a Streams app can do with the raw topics: copy every record, bytes untouched, to one
 * topic. Same input, same client configuration as the production topology: the ceiling the full
 * topology is measured against.
 */
public final class PassThroughTopology {

  private PassThroughTopology() {}

  public static String outputTopic(Topics topics) {
    return topics.prefix() + "passthrough";
  }

  public static Topology build(Topics topics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.rawNames(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(outputTopic(topics), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return builder.build();
  }
}
