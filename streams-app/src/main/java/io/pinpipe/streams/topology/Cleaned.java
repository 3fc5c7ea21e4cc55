package io.pinpipe.streams.topology;

/**
 * What cleaning made of a raw record: a clean value, a deletion (the raw value was null), or a
 * rejection with its reason and the original bytes.
 */
record Cleaned<T>(T value, String rejection, byte[] raw) {

  static <T> Cleaned<T> accepted(T value) {
    return new Cleaned<>(value, null, null);
  }

  static <T> Cleaned<T> deleted() {
    return new Cleaned<>(null, null, null);
  }

  static <T> Cleaned<T> rejected(String reason, byte[] raw) {
    return new Cleaned<>(null, reason, raw);
  }

  boolean isRejected() {
    return rejection != null;
  }
}
