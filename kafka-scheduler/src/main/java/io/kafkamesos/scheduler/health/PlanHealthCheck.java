package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.PlanService;
import io.kafkamesos.scheduler.core.PlanView;
import java.util.Objects;

/**
 * Unhealthy while the environment's configuration is refused (the cluster keeps its old target) or
 * a step of the configuration plan is in ERROR (the plan waits for the operator).
 */
public final class PlanHealthCheck extends HealthCheck {

  private final PlanService plan;

  public PlanHealthCheck(PlanService plan) {
    this.plan = Objects.requireNonNull(plan);
  }

  @Override
  protected Result check() {
    PlanView view = plan.show();
    String target = view.target() == null ? "none" : view.target().id();
    if (view.refusal() != null) {
      return Result.unhealthy("configuration refused, the cluster keeps target " + target + ": "
          + view.refusal());
    }
    if ("ERROR".equals(view.status())) {
      return Result.unhealthy("plan of target " + target + " failed: " + String.join("; ", view.errors())
          + " (fix the cause, then PUT /v1/plan/restart?step=<id>)");
    }
    return Result.healthy("plan of target " + target + " is " + view.status() + ": " + view.message());
  }
}
