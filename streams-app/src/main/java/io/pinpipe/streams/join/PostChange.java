package io.pinpipe.streams.join;

/**
 * One update of a post number's parts: what they were and what they are. Whatever reads it can
 * retract the old post's contribution and add the new one's without a store of its own.
 */
public record PostChange(Post before, Post after) {

  /**
   * The {@code posts} record the change makes: the joined post, a tombstone (null) when a complete
   * post lost a part, or nothing when the post was and stays incomplete.
   */
  public boolean changesPosts() {
    return after.isComplete() || before.isComplete();
  }

  /** The joined post as contract JSON, null when it is no longer complete. */
  public String postJson() {
    return after.isComplete() ? after.toJson() : null;
  }
}
