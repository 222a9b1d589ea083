package io.kafkamesos.scheduler.leader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The API port of a scheduler that may not lead: until this process holds the latch and has loaded
 * the state, every request is answered {@code 503} with a JSON body that says why and names the
 * leader ({@code {"code":503,"message":"...","phase":"STANDING_BY","leader":{"api":...}}}); once
 * {@link #open() opened}, requests go to the Jersey application, which is only initialised then (its
 * resources are registered by the leader as it takes over).
 *
 * <p>A standby answers rather than proxies: the client learns who leads and talks to it directly,
 * a request is never silently served by another process, and two schedulers that each think the
 * other leads cannot bounce a request between them. Through {@code /service/<name>/} (DC/OS, or
 * mesos-local) clients reach the leader anyway: Mesos knows only the subscribed scheduler's web UI.
 */
public final class ApiGate extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Seconds a client should wait before asking again. */
  static final String RETRY_AFTER = "5";

  private final transient Servlet api;
  private final transient Supplier<LeadershipStatus> status;
  private transient ServletConfig config;
  private boolean openRequested;
  private volatile boolean apiReady;

  /** @param api the Jersey servlet, not initialised yet */
  public ApiGate(Servlet api, Supplier<LeadershipStatus> status) {
    this.api = Objects.requireNonNull(api);
    this.status = Objects.requireNonNull(status);
  }

  @Override
  public synchronized void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    this.config = servletConfig;
    if (openRequested && !apiReady) {
      initApi();
    }
  }

  /**
   * Initialises the API and lets requests through while this process leads. Call once its resources
   * are registered.
   *
   * @throws IllegalStateException when the API cannot be initialised
   */
  public synchronized void open() {
    openRequested = true;
    if (config != null && !apiReady) {
      try {
        initApi();
      } catch (ServletException e) {
        throw new IllegalStateException("cannot start the API: " + e.getMessage(), e);
      }
    }
  }

  private void initApi() throws ServletException {
    api.init(config);
    apiReady = true;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    LeadershipStatus now = status.get();
    if (apiReady && (now.phase() == Phase.LEADING || now.phase() == Phase.SUSPENDED)) {
      api.service(request, response);
      return;
    }
    refuse(now, response);
  }

  private static void refuse(LeadershipStatus now, HttpServletResponse response) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", 503);
    body.put("message", now.message());
    body.put("phase", now.phase().name());
    now.leaderInfo().ifPresent(leader -> body.set("leader", JSON.valueToTree(leader)));
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(503);
    response.setHeader("Retry-After", RETRY_AFTER);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  @Override
  public synchronized void destroy() {
    if (apiReady) {
      api.destroy();
    }
    super.destroy();
  }
}
