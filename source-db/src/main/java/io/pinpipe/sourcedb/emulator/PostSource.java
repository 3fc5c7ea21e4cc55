package io.pinpipe.sourcedb.emulator;

import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.synthetic.PostGenerator;
import java.util.List;

/**
 * What the emulator posts: the content of its {@code n}-th post. The number a post gets is the
 * database's choice ({@code pinterest_data}'s AUTO_INCREMENT), so the content's own number is
 * ignored.
 */
@FunctionalInterface
public interface PostSource {

  Post content(long sequence);

  /** The real rows, over and over. */
  static PostSource cycling(List<Post> posts) {
    if (posts.isEmpty()) {
      throw new IllegalArgumentException("no posts to cycle through");
    }
    List<Post> copy = List.copyOf(posts);
    return sequence -> copy.get((int) (sequence % copy.size()));
  }

  /** Synthetic posts from a seeded generator. */
  static PostSource synthetic(PostGenerator generator) {
    return sequence -> generator.post((int) (sequence % Integer.MAX_VALUE) + 1);
  }
}
