package io.kafkamesos.scheduler;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Dropwizard's admin tasks ({@code POST /tasks/log-level}, {@code /tasks/gc}) change the running
 * process; the admin port answers other hosts (Marathon's health check, metrics scrapers), so the
 * tasks answer only callers on this host and anyone else gets 403 with a JSON message.
 */
final class AdminTasksGuard implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (isLoopback(request.getRemoteAddr())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = ("{\"code\":403,\"message\":\"the admin tasks answer only on the scheduler's own host "
        + "(loopback): they change the running process\"}").getBytes(StandardCharsets.UTF_8);
    HttpServletResponse http = (HttpServletResponse) response;
    http.setStatus(403);
    http.setContentType("application/json");
    http.setContentLength(body.length);
    http.getOutputStream().write(body);
  }

  static boolean isLoopback(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    try {
      // a literal address: no lookup happens
      return InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
          : address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
