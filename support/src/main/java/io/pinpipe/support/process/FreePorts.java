package io.pinpipe.support.process;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports for components started on this machine. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * A port nothing listens on right now. Another process may take it before the caller binds it; on
   * a test machine that race is rare enough, and the component then fails to start with the port
   * named.
   */
  public static int next() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
