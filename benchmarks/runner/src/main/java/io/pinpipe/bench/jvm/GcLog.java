package io.pinpipe.bench.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a JVM used, read from its unified GC log ({@code -Xlog:gc:file=...}). Each collection
 * logs {@code 123M->45M(512M)}: the heap just before the collection is the highest it got since the
 * last one, so the largest "before" is the peak heap; the largest "after" is the most the JVM held
 * live (what a smaller heap would have to fit).
 */
public record GcLog(double peakHeapMb, double maxLiveHeapMb, int collections) {

  private static final Pattern PAUSE =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** The JVM options that write the log this class reads. */
  public static List<String> jvmOptions(Path file) {
    return List.of("-Xlog:gc:file=" + file.toAbsolutePath() + ":uptime");
  }

  public static GcLog read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("no GC log at " + file + ": did the JVM start?");
    }
    return parse(Files.readAllLines(file));
  }

  public static GcLog parse(List<String> lines) {
    double peak = 0;
    double live = 0;
    int collections = 0;
    for (String line : lines) {
      Matcher pause = PAUSE.matcher(line);
      if (pause.find()) {
        collections++;
        peak = Math.max(peak, megabytes(pause.group(1), pause.group(2)));
        live = Math.max(live, megabytes(pause.group(3), pause.group(4)));
      }
    }
    return new GcLog(peak, live, collections);
  }

  private static double megabytes(String amount, String unit) {
    double value = Double.parseDouble(amount);
    return switch (unit) {
      case "K" -> value / 1024;
      case "G" -> value * 1024;
      default -> value;
    };
  }
}
