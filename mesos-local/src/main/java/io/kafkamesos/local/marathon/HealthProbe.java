package io.kafkamesos.local.marathon;

import io.kafkamesos.local.marathon.HealthTracker.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Runs one health check against a task. */
@FunctionalInterface
interface HealthProbe {

  /**
   * Checks the task on {@code host} (its agent's hostname) at {@code port}.
   *
   * @return healthy, unhealthy with Marathon's kind of cause, or ignored
   */
  Result check(AppDefinition.HealthCheckSpec spec, String host, int port);

  /**
   * Real checks over the network, from where each kind runs: Marathon's {@code HTTP} and
   * {@code TCP} checks from Marathon's host ({@code marathonAddress}, the master's 127.0.0.1)
   * to the task's agent address, so that a server that listens on loopback only fails them, as
   * on a real cluster; Mesos' {@code MESOS_*} checks to 127.0.0.1, as Mesos' checker runs them
   * inside the task's network (the agent's, for a task without a network of its own).
   */
  static HealthProbe network(String marathonAddress) {
    return (spec, host, port) -> {
      String target = spec.protocol().byMesos() ? "127.0.0.1" : host;
      String source = spec.protocol().byMesos() ? "127.0.0.1" : marathonAddress;
      int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, spec.timeout().toMillis()));
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(target, port), timeout);
        if (!spec.protocol().http()) {
          return Result.HEALTHY;
        }
        socket.setSoTimeout(timeout);
        return http(socket, spec, target, port);
      } catch (IOException | RuntimeException e) {
        return Result.unhealthy(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    };
  }

  /** GET the check's path (no redirect followed); 200..399 passes, as in Marathon and Mesos. */
  private static Result http(Socket socket, AppDefinition.HealthCheckSpec spec, String host,
      int port) throws IOException {
    String path = spec.path().startsWith("/") ? spec.path() : "/" + spec.path();
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nUser-Agent: mesos-local-marathon-health-check\r\nAccept: */*\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.ISO_8859_1));
    String statusLine = in.readLine();
    if (statusLine == null) {
      return Result.unhealthy("the connection closed before an HTTP answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status;
    try {
      status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    } catch (NumberFormatException e) {
      status = -1;
    }
    if (status < 0) {
      return Result.unhealthy("not an HTTP answer: " + statusLine);
    }
    if (status >= 200 && status < 400) {
      return Result.HEALTHY;
    }
    if (status < 200 && spec.ignoreHttp1xx() && !spec.protocol().byMesos()) {
      return Result.IGNORED;
    }
    return Result.unhealthy(status + (parts.length > 2 ? " " + parts[2] : ""));
  }
}
