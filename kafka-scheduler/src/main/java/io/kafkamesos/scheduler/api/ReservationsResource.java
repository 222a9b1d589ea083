package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.core.BrokerService;
import io.kafkamesos.scheduler.core.Orphan;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /v1/reservations}: reservations labelled with this cluster that no broker owns (orphans,
 * kept until an operator deletes them) and those given up and waiting for their agent to be released.
 */
@Path("/v1/reservations")
@Produces(MediaType.APPLICATION_JSON)
public final class ReservationsResource {

  private final BrokerService brokers;

  public ReservationsResource(BrokerService brokers) {
    this.brokers = Objects.requireNonNull(brokers);
  }

  /** {@code {"orphans":[...],"abandoned":[...]}} */
  @GET
  public Map<String, Object> list() {
    var view = brokers.reservations();
    return Map.of("orphans", view.orphans(), "abandoned", view.abandoned());
  }

  /** The orphans: {@code [{"id":...,"agentId":...,"hostname":...,"brokerId":0,"volumeId":...}]} */
  @GET
  @Path("/orphans")
  public List<Orphan> orphans() {
    return brokers.reservations().orphans();
  }

  /**
   * Destroys an orphan's volume and unreserves it when its agent next offers it (its data is lost):
   * answers the orphan. 404 when no orphan has that id.
   */
  @DELETE
  @Path("/{id}")
  public Orphan delete(@PathParam("id") String id) {
    return brokers.deleteOrphan(id);
  }
}
