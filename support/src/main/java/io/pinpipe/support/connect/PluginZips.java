package io.pinpipe.support.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Plugin zips unpacked onto a worker's {@code plugin.path}, as MSK Connect unpacks a custom plugin:
 * each zip into a directory of its own.
 */
public final class PluginZips {

  private PluginZips() {}

  /**
   * Unpacks {@code zip} into {@code directory}; an entry that would land outside it (a {@code ..}
   * path) is refused rather than written.
   */
  public static Path unpack(Path zip, Path directory) throws IOException {
    if (!Files.isRegularFile(zip)) {
      throw new IOException("the plugin zip " + zip + " is missing: build it with mvn package");
    }
    Path root = directory.toAbsolutePath().normalize();
    try (InputStream file = Files.newInputStream(zip);
        ZipInputStream in = new ZipInputStream(file)) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException(zip + " has an entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return directory;
  }

  /** The directory {@link #unpack} is given for {@code zip} under {@code plugins}: its name. */
  public static Path directoryFor(Path plugins, Path zip) {
    return plugins.resolve(zip.getFileName().toString().replaceFirst("\\.zip$", ""));
  }
}
