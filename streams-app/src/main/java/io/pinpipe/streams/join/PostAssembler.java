package io.pinpipe.streams.join;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins the three clean topics by post number: keeps each post's parts in one store and, for every
 * update, forwards the post's parts before and after it. One lookup per update, and the old post
 * comes from the store itself, so nothing downstream keeps a copy to retract from.
 *
 * <p>The same record twice (a re-delivery, or a producer resending a row unchanged) changes nothing
 * and is not forwarded: no answer can depend on it.
 */
public final class PostAssembler implements Processor<String, PartUpdate, String, PostChange> {

  private final String storeName;
  private ProcessorContext<String, PostChange> context;
  private KeyValueStore<String, Post> posts;

  /**
   * @param storeName the store of posts' parts by post number
   */
  public PostAssembler(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, PostChange> context) {
    this.context = context;
    posts = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, PartUpdate> record) {
    String number = record.key();
    if (number == null) {
      return; // the clean topics are keyed by the cleaning step; an unkeyed record is not ours
    }
    Post stored = posts.get(number);
    Post before = stored == null ? Post.NONE : stored;
    Post after = record.value().applyTo(before);
    if (after.equals(before)) {
      return;
    }
    if (after.equals(Post.NONE)) {
      posts.delete(number);
    } else {
      posts.put(number, after);
    }
    context.forward(record.withValue(new PostChange(before, after)));
  }
}
