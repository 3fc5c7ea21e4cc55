package io.pinpipe.bench.layout;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the build laid out what the benchmarks run: this module's jar and {@code lib/}, the plugin
 * zip, and beside it the MSK Connect worker runtime and Debezium's plugin ({@code
 * benchmarks/connect-worker/target/lib}, {@code benchmarks/debezium-plugin/target/plugin}).
 */
public record BenchPaths(Path runnerTarget) {

  public static BenchPaths locate() {
    String override = System.getProperty("pinpipe.bench.target");
    if (override != null) {
      return new BenchPaths(Path.of(override).toAbsolutePath());
    }
    try {
      Path code =
          Path.of(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new BenchPaths(code.getParent().toAbsolutePath());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where the benchmark runner is installed", e);
    }
  }

  /** The class path of this module: its jar (or classes) and its dependencies. */
  public String runnerClassPath() {
    Path jar = runnerTarget.resolve("pinpipe-bench.jar");
    Path code = Files.exists(jar) ? jar : runnerTarget.resolve("classes");
    return code + java.io.File.pathSeparator + existing(runnerTarget.resolve("lib")) + "/*";
  }

  public Path pluginZip() {
    return existing(runnerTarget.resolve("plugins").resolve("pinpipe-mysql-source.zip"));
  }

  /** Kafka Connect 3.7's jars: the worker both connectors run on. */
  public String connectWorkerClassPath() {
    return existing(benchmarks().resolve("connect-worker/target/lib")) + "/*";
  }

  /** Debezium's plugin directory (one sub-directory per plugin, as plugin.path wants). */
  public Path debeziumPlugin() {
    Path plugin = existing(benchmarks().resolve("debezium-plugin/target/plugin"));
    try (Stream<Path> entries = Files.list(plugin)) {
      if (entries.findAny().isEmpty()) {
        throw new IllegalStateException(plugin + " is empty: build with ./pinpipe bench");
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return plugin;
  }

  private Path benchmarks() {
    // runner/target -> runner -> benchmarks
    return runnerTarget.getParent().getParent();
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path + " is missing: ./pinpipe bench builds it (./mvnw -Pbench -DskipTests package)");
    }
    return path;
  }
}
