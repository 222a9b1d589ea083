package io.kafkamesos.scheduler.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code /v1/version}: this scheduler's version, the target's Kafka version, each broker's. */
@Path("/v1/version")
@Produces(MediaType.APPLICATION_JSON)
public final class VersionResource {

  private final Supplier<VersionReport> report;

  /** @param report the report as of each call (answered from the scheduler's memory) */
  public VersionResource(Supplier<VersionReport> report) {
    this.report = Objects.requireNonNull(report);
  }

  @GET
  public VersionReport version() {
    return report.get();
  }
}
