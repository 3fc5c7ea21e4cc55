package io.pinpipe.streams.join;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins the three clean topics by post number: keeps each part in its store and, for every
 * update, forwards the post's parts before and after it. One lookup per store per update, and the
 * old post comes from the stores themselves, so nothing downstream keeps a copy to retract from.
 *
 * <p>The same record twice (a re-delivery, or a producer resending a row unchanged) changes
 * nothing and is not forwarded: no answer can depend on it.
 */
public final class PostAssembler implements Processor<String, PartUpdate, String, PostChange> {

  /** The names of the stores holding each part by post number. */
  public record Stores(String pin, String geo, String user) {}

  private final Stores names;
  private ProcessorContext<String, PostChange> context;
  private KeyValueStore<String, CleanPin> pins;
  private KeyValueStore<String, CleanGeo> geos;
  private KeyValueStore<String, CleanUser> users;

  public PostAssembler(Stores names) {
    this.names = names;
  }

  @Override
  public void init(ProcessorContext<String, PostChange> context) {
    this.context = context;
    pins = context.getStateStore(names.pin());
    geos = context.getStateStore(names.geo());
    users = context.getStateStore(names.user());
  }

  @Override
  public void process(Record<String, PartUpdate> record) {
    String number = record.key();
    if (number == null) {
      return; // the clean topics are keyed by the cleaning step; an unkeyed record is not ours
    }
    Post before = new Post(pins.get(number), geos.get(number), users.get(number));
    Post after = record.value().applyTo(before);
    if (after.equals(before)) {
      return;
    }
    if (record.value() instanceof PartUpdate.Pin) {
      put(pins, number, after.pin());
    } else if (record.value() instanceof PartUpdate.Geo) {
      put(geos, number, after.geo());
    } else {
      put(users, number, after.user());
    }
    context.forward(record.withValue(new PostChange(before, after)));
  }

  private static <V> void put(KeyValueStore<String, V> store, String key, V value) {
    if (value == null) {
      store.delete(key);
    } else {
      store.put(key, value);
    }
  }
}
