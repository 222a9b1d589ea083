package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.core.BrokerService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/** {@code /v1/connection}: where clients find the brokers and Kafka's ZooKeeper. */
@Path("/v1/connection")
@Produces(MediaType.APPLICATION_JSON)
public final class ConnectionResource {

  private final BrokerService brokers;

  public ConnectionResource(BrokerService brokers) {
    this.brokers = Objects.requireNonNull(brokers);
  }

  /** {@code {"brokers": ["host:port", ...], "zookeeper": "zk:2181/kafka0"}} */
  @GET
  public BrokerService.Connection connection() {
    return brokers.connection();
  }
}
