package io.kafkamesos.local.marathon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses an app's ports: the ports of its previous run where they are still free, so that the
 * scheduler's URL (and the framework's webui_url behind {@code /service/<name>}) stays the same
 * across restarts; otherwise a free port from the kernel's ephemeral range, which lies above the
 * agents' offered {@code ports} (31000-32000 by default).
 */
final class PortPicker {

  private PortPicker() {
  }

  static List<Integer> choose(List<Integer> previous, int count) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Integer port = i < previous.size() ? previous.get(i) : null;
      if (port == null || port <= 0 || chosen.contains(port) || !free(port)) {
        port = freePort(chosen);
      }
      chosen.add(port);
    }
    return chosen;
  }

  /** Whether nothing listens on the port, on any address (apps may bind 0.0.0.0). */
  static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(List<Integer> taken) {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        if (!taken.contains(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new IllegalStateException("no free port: " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("no free port");
  }
}
