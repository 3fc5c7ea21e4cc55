package io.pinpipe.s3sink;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy with its filesystem backend, as a child JVM: a real S3 endpoint whose objects are files.
 */
final class S3Proxy implements AutoCloseable {

  static final String IDENTITY = "local-identity";
  static final String CREDENTIAL = "local-credential";

  private final Path directory;
  private final int port;
  private Process process;

  private S3Proxy(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  static S3Proxy start(Path directory) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3Proxy proxy = new S3Proxy(directory, port);
    proxy.startProcess();
    return proxy;
  }

  void startProcess() throws Exception {
    Files.createDirectories(directory.resolve("data"));
    Path properties = directory.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + directory.resolve("data").toAbsolutePath(),
            ""));
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                System.getProperty("pinpipe.s3proxy.jar", "target/s3proxy/s3proxy.jar"),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("s3proxy.log").toFile())
            .start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (!listening()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "s3proxy did not start; see " + directory.resolve("s3proxy.log"));
      }
      // Polling interval, not synchronisation: the open port decides.
      Thread.sleep(100);
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  S3Client client() {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(url()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
        .build();
  }

  /** Stops the endpoint, keeping its files: an S3 outage. */
  void stopProcess() throws InterruptedException {
    process.destroy();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      stopProcess();
    }
  }
}
