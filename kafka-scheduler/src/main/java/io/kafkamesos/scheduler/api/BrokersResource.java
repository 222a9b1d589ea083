package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.core.BrokerService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code /v1/brokers}: list, describe and restart brokers, in the seed's shapes. */
@Path("/v1/brokers")
@Produces(MediaType.APPLICATION_JSON)
public final class BrokersResource {

  private final BrokerService brokers;

  public BrokersResource(BrokerService brokers) {
    this.brokers = Objects.requireNonNull(brokers);
  }

  /** {@code {"brokers": ["0", "1", "2"]}} */
  @GET
  public Map<String, List<String>> list() {
    return Map.of("brokers", brokers.brokerIds());
  }

  /** The broker's ZooKeeper registration, passed through as Kafka wrote it. */
  @GET
  @Path("/{id}")
  public String describe(@PathParam("id") String id) {
    return brokers.registration(BrokerIds.parse(id));
  }

  /** Restarts one broker: {@code ["broker-0__<uuid>"]}, the task id it will run as. */
  @PUT
  @Path("/{id}")
  public List<String> restart(@PathParam("id") String id) {
    return brokers.restart(BrokerIds.parse(id));
  }

  /**
   * Replaces a broker: {@code {"broker":1,"taskId":"broker-1__<uuid>","message":...}}. 409 when it runs
   * fine and {@code force=true} is not given (its data would be thrown away).
   */
  @PUT
  @Path("/{id}/replace")
  public BrokerService.Replacement replace(@PathParam("id") String id,
      @QueryParam("force") @DefaultValue("false") String force) {
    return brokers.replace(BrokerIds.parse(id), parseForce(force));
  }

  /** Removes a broker (its replicas move first); 409 with the reason when it may not leave. */
  @DELETE
  @Path("/{id}")
  public BrokerService.Removal remove(@PathParam("id") String id) {
    return brokers.remove(BrokerIds.parse(id));
  }

  static boolean parseForce(String force) {
    String f = force == null ? "" : force.trim().toLowerCase(java.util.Locale.ROOT);
    if (f.equals("true") || f.equals("false")) {
      return f.equals("true");
    }
    throw new InvalidRequestException("force must be true or false, not '" + force + "'");
  }

  /** Restarts every broker, one at a time: their new task ids. */
  @PUT
  public List<String> restartAll() {
    return brokers.restartAll();
  }
}
