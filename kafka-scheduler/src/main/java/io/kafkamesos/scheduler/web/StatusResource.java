package io.kafkamesos.scheduler.web;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.observability.ClusterWatch;
import io.kafkamesos.scheduler.observability.EventLog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The status page ({@code GET /} and {@code GET /status}: one HTML file with its CSS and script
 * inline, no external assets) and the JSON it polls ({@code GET /v1/status}).
 */
@Path("/")
public final class StatusResource {

  static final String PAGE = "status.html";

  private final String framework;
  private final Supplier<SchedulerView> view;
  private final ClusterWatch cluster;
  private final EventLog events;
  private final HealthCheckRegistry health;
  private final Clock clock;
  private final String page;

  public StatusResource(String framework, Supplier<SchedulerView> view, ClusterWatch cluster,
      EventLog events, HealthCheckRegistry health, Clock clock) {
    this.framework = Objects.requireNonNull(framework);
    this.view = Objects.requireNonNull(view);
    this.cluster = Objects.requireNonNull(cluster);
    this.events = Objects.requireNonNull(events);
    this.health = Objects.requireNonNull(health);
    this.clock = Objects.requireNonNull(clock);
    this.page = load();
  }

  @GET
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public String page() {
    return page;
  }

  @GET
  @Path("status")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public String statusPage() {
    return page;
  }

  @GET
  @Path("v1/status")
  @Produces(MediaType.APPLICATION_JSON)
  public StatusReport status() {
    return StatusReports.of(framework, clock.instant(), view.get(), cluster.current(),
        health.runHealthChecks(), events.newestFirst());
  }

  private static String load() {
    try (InputStream in = StatusResource.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException(PAGE + " is missing from the scheduler's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
