package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.PlanService;
import io.kafkamesos.scheduler.core.PlanView;
import java.util.Objects;

/**
 * Unhealthy while the environment's configuration is refused (the cluster keeps its old target) or
 * a step of the plan is in ERROR (the plan waits for the operator); a warning while the plan waits
 * at a gate for the operator (an upgrade's {@code finalize}): the cluster is fine, a decision is due.
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
      return Severity.ERROR.result("configuration refused, the cluster keeps target " + target + ": "
          + view.refusal());
    }
    if ("ERROR".equals(view.status())) {
      return Severity.ERROR.result("plan of target " + target + " failed: "
          + String.join("; ", view.errors()) + " (fix the cause, then PUT /v1/plan/restart?step=<id>,"
          + " or put the previous configuration back)");
    }
    boolean atGate = view.phases().stream().anyMatch(p -> "operator".equals(p.waitsFor())
        && "WAITING".equals(p.status()));
    if (atGate) {
      return Severity.WARNING.result("plan of target " + target + " waits for the operator: "
          + view.message());
    }
    return Severity.HEALTHY.result("plan of target " + target + " is " + view.status() + ": "
        + view.message());
  }
}
