package io.pinpipe.streams.stats;

import io.pinpipe.streams.join.Post;

/**
 * What one post adds to the tables of one dimension's group: its category, its poster and their
 * follower count, any of them possibly null. Each table reads the fields it counts and skips a post
 * whose field is null (contract section 5).
 */
public record Contribution(String category, String posterName, Long followerCount) {

  static Contribution of(Post post) {
    return new Contribution(
        post.pin().category(), post.pin().posterName(), post.pin().followerCount());
  }
}
