package io.pinpipe.s3sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** The object being filled for one topic partition: its name parts and its JSON lines so far. */
final class OpenObject {

  final String encodedPartition;
  final long startOffset;
  final long firstTimestampMs;
  final long openedAtWallClockMs;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputStream out;
  private int records;
  private byte[] finished;

  OpenObject(
      String encodedPartition,
      long startOffset,
      long firstTimestampMs,
      long openedAtWallClockMs,
      boolean gzip) {
    this.encodedPartition = encodedPartition;
    this.startOffset = startOffset;
    this.firstTimestampMs = firstTimestampMs;
    this.openedAtWallClockMs = openedAtWallClockMs;
    try {
      this.out = gzip ? new GZIPOutputStream(bytes) : bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void append(byte[] json) {
    if (finished != null) {
      throw new IllegalStateException(
          "object starting at offset " + startOffset + " is already finished");
    }
    try {
      out.write(json);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    records++;
  }

  /** Whether {@link #finish} was called: an upload was attempted, and it takes no more records. */
  boolean isFinished() {
    return finished != null;
  }

  int records() {
    return records;
  }

  /**
   * The finished object. It takes no more records after this; calling it again (to retry a failed
   * upload) gives the same bytes.
   */
  byte[] finish() {
    if (finished == null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      finished = bytes.toByteArray();
    }
    return finished;
  }
}
