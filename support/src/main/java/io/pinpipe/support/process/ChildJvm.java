package io.pinpipe.support.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A main class in its own JVM, so that it can be killed the hard way (SIGKILL: no shutdown hook, no
 * final commit) and its heap measured on its own. The reliability suite, the benchmarks and the
 * connector's tests run Kafka brokers, Connect workers and Streams apps this way.
 */
public final class ChildJvm implements AutoCloseable {

  /**
   * Children still running when this JVM ends (Ctrl-C, a timeout's SIGTERM) go with it: an orphaned
   * worker or Streams app would keep its ports and CPU, and skew the next run.
   */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "child-jvm-reaper"));
  }

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** What to run a main class on: a class path and JVM options (heap size, GC log, ...). */
  public record Launch(String classPath, List<String> jvmOptions) {

    public Launch {
      jvmOptions = List.copyOf(jvmOptions);
    }

    public Launch withJvmOptions(List<String> more) {
      List<String> all = new ArrayList<>(jvmOptions);
      all.addAll(more);
      return new Launch(classPath, all);
    }
  }

  /**
   * Starts {@code mainClass} as {@code launch} says, with {@code args}; its output goes to {@code
   * log}.
   */
  public static ChildJvm start(Path log, Launch launch, String mainClass, String... args)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch.jvmOptions());
    command.addAll(List.of("-cp", launch.classPath(), mainClass));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    RUNNING.add(process);
    process.onExit().thenRun(() -> RUNNING.remove(process));
    return new ChildJvm(process, log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The running JVM as the operating system sees it: its pid, its CPU time so far. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits for the JVM to end by itself; returns its exit code, or empty when it still runs. */
  public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  /** SIGKILL. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL if it does not end within 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
