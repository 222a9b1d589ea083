package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.mesos.MesosSchedulerDriver;
import java.util.Objects;

/** Healthy while the framework holds a subscription with the Mesos master. */
public final class MesosHealthCheck extends HealthCheck {

  private final MesosSchedulerDriver driver;

  public MesosHealthCheck(MesosSchedulerDriver driver) {
    this.driver = Objects.requireNonNull(driver);
  }

  @Override
  protected Result check() {
    if (driver.isSubscribed()) {
      return Severity.HEALTHY.result("subscribed as framework " + driver.frameworkId().orElseThrow().getValue()
          + driver.lastEvent().map(t -> ", last heartbeat " + t).orElse(""));
    }
    return Severity.ERROR.result("not subscribed to the Mesos master: " + driver.lastDisconnect());
  }
}
