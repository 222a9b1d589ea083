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
 * agents' offered {@code ports} (31000-32000 by default). Free means that nothing listens on it,
 * neither on the host's own address (the agent alias the task gets as {@code HOST}, which
 * Marathon's health checks connect to) nor on any other (a task may bind 0.0.0.0).
 */
final class PortPicker {

  private PortPicker() {
  }

  /** {@code count} ports free on {@code host}, keeping those of {@code previous} that are. */
  static List<Integer> choose(List<Integer> previous, int count, String host) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Integer port = i < previous.size() ? previous.get(i) : null;
      if (port == null || port <= 0 || chosen.contains(port) || !free(port, host)) {
        port = freePort(chosen, host);
      }
      chosen.add(port);
    }
    return chosen;
  }

  /** Whether nothing listens on the port, on the host's address or any other. */
  static boolean free(int port, String host) {
    return bindable(new InetSocketAddress(port)) && bindable(new InetSocketAddress(host, port));
  }

  private static boolean bindable(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(List<Integer> taken, String host) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port: " + e.getMessage(), e);
      }
      if (!taken.contains(port) && free(port, host)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port on " + host);
  }
}
