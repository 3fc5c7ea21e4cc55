package io.pinpipe.streams.stats;

/**
 * A post's contribution to one group, before and after an update; either may be null (the post
 * entered or left the group). Keyed by {@link GroupKey}, so every delta of a group reaches the same
 * task in order.
 */
public record Delta(Contribution before, Contribution after) implements AggregatorOutput {}
