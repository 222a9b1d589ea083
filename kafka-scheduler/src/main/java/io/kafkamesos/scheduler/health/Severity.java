package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck.Result;
import java.util.Locale;

/**
 * Three levels on top of Dropwizard's binary health checks. Every check of the scheduler adds a
 * detail {@code "severity": "healthy" | "warning" | "error"} to its result:
 * <ul>
 *   <li>{@code healthy}: {@code healthy: true};</li>
 *   <li>{@code warning}: {@code healthy: true} as well, so {@code /healthcheck} still answers 200 and
 *       Marathon leaves the scheduler alone: the scheduler is doing its job and the cluster is
 *       degraded or on its way back (a broker restarting, partitions catching up);</li>
 *   <li>{@code error}: {@code healthy: false} ({@code /healthcheck} answers 500): something needs
 *       attention (a broker down, partitions offline, Mesos or ZooKeeper unreachable, the plan in
 *       error or a configuration refused).</li>
 * </ul>
 * The message says why, in every case.
 */
public enum Severity {
  HEALTHY, WARNING, ERROR;

  public static final String DETAIL = "severity";

  /** A result of this severity with that message. */
  public Result result(String message) {
    var builder = Result.builder().withMessage(message).withDetail(DETAIL, label());
    return (this == ERROR ? builder.unhealthy() : builder.healthy()).build();
  }

  /** The severity a result carries; a result without one is healthy or an error. */
  public static Severity of(Result result) {
    Object detail = result.getDetails() == null ? null : result.getDetails().get(DETAIL);
    if (detail != null) {
      return valueOf(detail.toString().toUpperCase(Locale.ROOT));
    }
    return result.isHealthy() ? HEALTHY : ERROR;
  }

  /** The detail's text: {@code healthy}, {@code warning} or {@code error}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The worse of the two. */
  public Severity max(Severity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
