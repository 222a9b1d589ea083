package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.scheduler.mesos.MesosSchedulerDriver;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Healthy while the framework holds a subscription with the Mesos master; otherwise says why not
 * (a master that is not ready, one that cannot be reached, a refused credential: "authentication
 * failed for principal ...") and when the next attempt is due. Never shows a secret: the reasons
 * come from the client, which names the principal only.
 */
public final class MesosHealthCheck extends HealthCheck {

  private final MesosSchedulerDriver driver;
  private final Clock clock;

  public MesosHealthCheck(MesosSchedulerDriver driver, Clock clock) {
    this.driver = Objects.requireNonNull(driver);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  protected Result check() {
    Optional<MesosClient.Status> connection = driver.connection();
    if (driver.isSubscribed()) {
      return Severity.HEALTHY.result("subscribed as framework " + driver.frameworkId().orElseThrow().getValue()
          + connection.flatMap(MesosClient.Status::master).map(m -> " to " + m).orElse("")
          + driver.lastEvent().map(t -> ", last heartbeat " + t).orElse(""));
    }
    String reason = connection.flatMap(MesosClient.Status::lastFailure).orElse(driver.lastDisconnect());
    String waiting = connection.filter(s -> !s.connected()).map(this::waiting).orElse("");
    return Severity.ERROR.result("not subscribed to the Mesos master: " + reason + waiting);
  }

  /** {@code "; attempt 4 in 3 s (backing off after 3 failures)"}, or nothing when it does not wait. */
  private String waiting(MesosClient.Status s) {
    return s.nextAttempt().map(t -> "; attempt " + (s.failures() + 1) + " in "
        + seconds(Duration.between(clock.instant(), t)) + " s (backing off after " + s.failures()
        + (s.failures() == 1 ? " failure)" : " failures)")).orElse("");
  }

  private static long seconds(Duration d) {
    return Math.max(0, (d.toMillis() + 999) / 1000);
  }
}
