package io.pinpipe.streams.stats;

import java.util.Comparator;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Histograms in state stores and changelogs. A histogram is held as its stored bytes (see {@link
 * Histogram}), so writing one hands its bytes over and reading one checks their structure and
 * finds the entries, without decoding any value.
 */
public final class HistogramSerde<T> implements Serde<Histogram<T>> {

  private final ValueCodec<T> codec;
  private final Comparator<? super T> order;

  public HistogramSerde(ValueCodec<T> codec, Comparator<? super T> order) {
    this.codec = codec;
    this.order = order;
  }

  /** What an aggregation starts from. */
  public Histogram<T> empty() {
    return Histogram.empty(codec, order);
  }

  @Override
  public Serializer<Histogram<T>> serializer() {
    return (topic, histogram) -> histogram == null ? null : histogram.bytes();
  }

  @Override
  public Deserializer<Histogram<T>> deserializer() {
    return (topic, data) -> data == null ? null : Histogram.read(codec, order, data);
  }
}
