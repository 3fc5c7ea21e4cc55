package io.pinpipe.streams.stats;

/**
 * What {@link GroupAggregator} forwards: answers for the stats topics, or deltas for the next
 * stage.
 */
public sealed interface AggregatorOutput permits Answer, Delta {}
