package io.pinpipe.streams.stats;

/** A table's new answer for one group, as contract JSON; null when the group became empty. */
public record Answer(AnalyticsTable table, String json) implements AggregatorOutput {}
