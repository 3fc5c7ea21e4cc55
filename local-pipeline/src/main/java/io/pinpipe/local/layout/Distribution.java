package io.pinpipe.local.layout;

import io.pinpipe.support.process.ChildJvm;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the build put the files the local pipeline runs but does not load as classes: the plugin
 * zips ({@code plugins/}) and the S3 endpoint's jar ({@code s3proxy/}). They sit beside {@code
 * pinpipe-local.jar} (or {@code classes/} in tests), in the module's {@code target/}.
 */
public final class Distribution {

  private final Path root;

  private Distribution(Path root) {
    this.root = root;
  }

  /** The directory holding this code: {@code target/} of the local-pipeline module. */
  public static Distribution locate() {
    String override = System.getProperty("pinpipe.distribution.dir");
    if (override != null) {
      return new Distribution(Path.of(override));
    }
    try {
      Path code =
          Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new Distribution(code.getParent());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where pinpipe-local is installed", e);
    }
  }

  /** The plugin zips the build packaged: the source connector and the local S3 sink. */
  public Path plugins() {
    return existing(root.resolve("plugins"));
  }

  /**
   * The runtime class path of the local pipeline, for child JVMs (reliability suite, benchmarks).
   */
  public Path lib() {
    return existing(root.resolve("lib"));
  }

  /**
   * What a child JVM runs on: the local pipeline's runtime class path and a heap of {@code heap}.
   */
  public ChildJvm.Launch launch(String heap) {
    return new ChildJvm.Launch(lib().toAbsolutePath() + "/*", List.of("-Xmx" + heap));
  }

  public Path s3proxyJar() {
    return existing(root.resolve("s3proxy").resolve("s3proxy.jar"));
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path
              + " is missing: build with './mvnw -DskipTests package' (./pinpipe does it for you)");
    }
    return path;
  }
}
