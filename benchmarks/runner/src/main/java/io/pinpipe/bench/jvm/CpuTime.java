package io.pinpipe.bench.jvm;

import java.time.Duration;

/**
 * CPU time used so far by the JVM under measurement ({@code app}) and by the rest of the stack
 * ({@code rest}): the runner's own JVM, which hosts the broker, and every other process it started
 * (MariaDB). All threads, all cores summed, as the operating system counts it. The difference
 * between two readings is what a stretch of a run cost, apart from how long it waited for a core.
 */
public record CpuTime(Duration app, Duration rest) {

  public static CpuTime of(ProcessHandle app) {
    Duration rest = used(ProcessHandle.current());
    for (ProcessHandle other :
        (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
      if (other.pid() != app.pid()) {
        // A process that ended between the listing and this read has nothing left to count.
        rest = rest.plus(other.info().totalCpuDuration().orElse(Duration.ZERO));
      }
    }
    return new CpuTime(used(app), rest);
  }

  /** The CPU time {@code process} has used so far. */
  public static Duration used(ProcessHandle process) {
    return process
        .info()
        .totalCpuDuration()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the operating system does not report the CPU time of process "
                        + process.pid()));
  }

  /** What was used from {@code earlier} to this reading. */
  public CpuTime since(CpuTime earlier) {
    return new CpuTime(app.minus(earlier.app), rest.minus(earlier.rest));
  }

  /** {@code records} per CPU second of the app alone. */
  public double perAppSecond(long records) {
    return perSecond(records, app);
  }

  /** {@code records} per CPU second of the app and the rest of the stack together. */
  public double perSecond(long records) {
    return perSecond(records, app.plus(rest));
  }

  private static double perSecond(long records, Duration cpu) {
    if (cpu.isNegative() || cpu.isZero()) {
      throw new IllegalStateException("no CPU time measured for " + records + " records: " + cpu);
    }
    return records * 1e9 / cpu.toNanos();
  }
}
