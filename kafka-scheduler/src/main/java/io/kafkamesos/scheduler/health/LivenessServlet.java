package io.kafkamesos.scheduler.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /liveness} on the admin port, what the package's Marathon health check asks: 200 while
 * {@link Liveness} says the process is alive, else 503; the JSON body says which phase and why
 * ({@code {"live":true,"phase":"STANDING_BY","message":"...","leader":{...}}}).
 */
public final class LivenessServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient Supplier<LeadershipStatus> status;
  private final transient Clock clock;
  private final Duration stuckAfter;

  public LivenessServlet(Supplier<LeadershipStatus> status, Clock clock, Duration stuckAfter) {
    this.status = Objects.requireNonNull(status);
    this.clock = Objects.requireNonNull(clock);
    this.stuckAfter = Objects.requireNonNull(stuckAfter);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    LeadershipStatus now = status.get();
    Liveness.Verdict verdict = Liveness.judge(now, clock.instant(), stuckAfter);
    ObjectNode body = JSON.createObjectNode();
    body.put("live", verdict.live());
    body.put("phase", now.phase().name());
    body.put("since", now.since().toString());
    body.put("message", verdict.message());
    now.leaderInfo().ifPresent(leader -> body.set("leader", JSON.valueToTree(leader)));
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(verdict.live() ? 200 : 503);
    response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
