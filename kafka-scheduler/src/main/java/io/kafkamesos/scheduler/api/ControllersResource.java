package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.core.ControllerService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/** {@code /v1/controllers}: a KRaft cluster's controller quorum; restart and replace controllers. */
@Path("/v1/controllers")
@Produces(MediaType.APPLICATION_JSON)
public final class ControllersResource {

  private final ControllerService controllers;

  public ControllersResource(ControllerService controllers) {
    this.controllers = Objects.requireNonNull(controllers);
  }

  /** The quorum: each controller's address, task, role in Kafka's quorum and lag. */
  @GET
  public ControllerService.Quorum quorum() {
    return controllers.quorum();
  }

  /** Restarts one controller once the quorum check allows it: {@code ["controller-3000__<uuid>"]}. */
  @PUT
  @Path("/{id}")
  public List<String> restart(@PathParam("id") String id) {
    return controllers.restart(BrokerIds.parse(id));
  }

  /**
   * Replaces a controller whose machine is gone (dynamic quorums: Kafka 4). 409 with the reason for
   * a static quorum, or when it runs and {@code force=true} is not given.
   */
  @PUT
  @Path("/{id}/replace")
  public ControllerService.Replacement replace(@PathParam("id") String id,
      @QueryParam("force") @DefaultValue("false") String force) {
    return controllers.replace(BrokerIds.parse(id), BrokersResource.parseForce(force));
  }
}
