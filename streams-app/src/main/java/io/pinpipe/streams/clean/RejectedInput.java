package io.pinpipe.streams.clean;

/**
 * Raw input that cannot be cleaned; the message is the reason recorded in the dead-letter topic.
 */
public final class RejectedInput extends RuntimeException {

  private static final int SHOWN_CHARS = 80;

  public RejectedInput(String reason) {
    super(reason, null, false, false);
  }

  /** A value quoted in a reason, cut short so that a 1 MB string does not make a 1 MB reason. */
  static String shown(String value) {
    return value.length() <= SHOWN_CHARS
        ? "'" + value + "'"
        : "'" + value.substring(0, SHOWN_CHARS) + "...' (" + value.length() + " chars)";
  }
}
