package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.core.PlanService;
import io.kafkamesos.scheduler.core.PlanView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/** {@code /v1/plan}: watch and steer the roll-out of the target configuration. */
@Path("/v1/plan")
@Produces(MediaType.APPLICATION_JSON)
public final class PlanResource {

  private final PlanService plan;

  public PlanResource(PlanService plan) {
    this.plan = Objects.requireNonNull(plan);
  }

  /** The target, a refusal if any, the phases and steps with their status and message. */
  @GET
  public PlanView show() {
    return plan.show();
  }

  /** Finishes the current step, then starts no other. */
  @PUT
  @Path("/interrupt")
  public PlanView interrupt() {
    return plan.interrupt();
  }

  /** Resumes an interrupted plan. */
  @PUT
  @Path("/continue")
  public PlanView resume() {
    return plan.resume();
  }

  /** Retries a step in ERROR: {@code ?step=restart-1}. 404 for an unknown step, 400 otherwise. */
  @PUT
  @Path("/restart")
  public PlanView restart(@QueryParam("step") String step) {
    return plan.restartStep(step);
  }
}
