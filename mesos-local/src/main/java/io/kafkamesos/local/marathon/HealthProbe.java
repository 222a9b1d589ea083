package io.kafkamesos.local.marathon;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/** Runs one health check against a task on this machine. */
@FunctionalInterface
interface HealthProbe {

  /** Whether the check passes: HTTP 200..399 for HTTP checks, a connection for TCP. */
  boolean check(AppDefinition.HealthCheckSpec spec, int port);

  /** Real checks over loopback. */
  HealthProbe LOOPBACK = (spec, port) -> {
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, spec.timeout().toMillis()));
    if (!spec.http()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeout);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    String path = spec.path().startsWith("/") ? spec.path() : "/" + spec.path();
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
          .openConnection();
      connection.setConnectTimeout(timeout);
      connection.setReadTimeout(timeout);
      connection.setInstanceFollowRedirects(false);
      int status = connection.getResponseCode();
      return status >= 200 && status < 400;
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  };

  static Duration firstCheckDelay(AppDefinition.HealthCheckSpec spec) {
    Duration oneSecond = Duration.ofSeconds(1);
    return spec.interval().compareTo(oneSecond) < 0 ? spec.interval() : oneSecond;
  }
}
