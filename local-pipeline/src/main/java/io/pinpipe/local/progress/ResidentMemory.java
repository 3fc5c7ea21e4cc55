package io.pinpipe.local.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Resident memory of this process and every process it started (MariaDB, s3proxy), read from {@code
 * /proc}: what the pipeline really costs the machine, native memory included. Elsewhere than Linux
 * it reports nothing.
 */
public final class ResidentMemory {

  private final AtomicLong peak = new AtomicLong();

  /**
   * Resident bytes of the process tree now, or -1 where {@code /proc} is missing; updates the peak.
   */
  public long sample() {
    ProcessHandle self = ProcessHandle.current();
    long total = rss(self.pid());
    if (total < 0) {
      return -1;
    }
    try (Stream<ProcessHandle> children = self.descendants()) {
      total += children.mapToLong(child -> Math.max(0, rss(child.pid()))).sum();
    }
    long now = total;
    peak.accumulateAndGet(now, Math::max);
    return now;
  }

  /** The highest {@link #sample()} so far, or -1 before any. */
  public long peak() {
    long value = peak.get();
    return value == 0 ? -1 : value;
  }

  /** Resident bytes of one process now, or -1 where {@code /proc} is missing or it has ended. */
  public static long of(ProcessHandle process) {
    return rss(process.pid());
  }

  private static long rss(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0;
    } catch (IOException | NumberFormatException gone) {
      return -1;
    }
  }
}
