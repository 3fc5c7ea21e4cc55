package io.pinpipe.bench.jvm;

import java.time.Duration;

/**
 * CPU time used so far by the JVM under measurement ({@code app}) and by the runner's own JVM,
 * which hosts the broker ({@code runner}): all threads, all cores summed, as the operating system
 * counts it. The difference between two readings is the work a stretch of a run cost, whatever
 * else the machine was doing meanwhile, so it is steadier than a rate on a shared machine.
 */
public record CpuTime(Duration app, Duration runner) {

  public static CpuTime of(ProcessHandle app) {
    return new CpuTime(used(app), used(ProcessHandle.current()));
  }

  /** The CPU time {@code process} has used so far. */
  public static Duration used(ProcessHandle process) {
    return process.info().totalCpuDuration().orElseThrow(() ->
        new IllegalStateException("the operating system does not report the CPU time of process " + process.pid()));
  }

  /** What was used from {@code earlier} to this reading. */
  public CpuTime since(CpuTime earlier) {
    return new CpuTime(app.minus(earlier.app), runner.minus(earlier.runner));
  }

  /** {@code records} per CPU second of the app alone. */
  public double perAppSecond(long records) {
    return perSecond(records, app);
  }

  /** {@code records} per CPU second of the app and the runner's JVM (the broker) together. */
  public double perSecond(long records) {
    return perSecond(records, app.plus(runner));
  }

  private static double perSecond(long records, Duration cpu) {
    if (cpu.isNegative() || cpu.isZero()) {
      throw new IllegalStateException("no CPU time measured for " + records + " records: " + cpu);
    }
    return records * 1e9 / cpu.toNanos();
  }
}
