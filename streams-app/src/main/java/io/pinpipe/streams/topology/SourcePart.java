package io.pinpipe.streams.topology;

/** The three parts of a post, each from its own source table and raw topic. */
public enum SourcePart {
  PIN("pin", "index"),
  GEO("geo", "ind"),
  USER("user", "ind");

  private final String topic;
  private final String keyField;

  SourcePart(String topic, String keyField) {
    this.topic = topic;
    this.keyField = keyField;
  }

  /** The logical topic name: {@code pin}, {@code geo}, {@code user}. */
  public String topic() {
    return topic;
  }

  /** The field of a raw row that holds the post number. */
  public String keyField() {
    return keyField;
  }
}
