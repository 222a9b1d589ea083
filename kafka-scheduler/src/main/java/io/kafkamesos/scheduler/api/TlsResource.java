package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.SecretStoreException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/**
 * {@code GET /v1/tls/ca}: the cluster CA's certificate in PEM, for clients to trust the brokers'
 * certificates. Open even with {@code API_AUTH} (it is public, and a client needs it before it can
 * trust anything). 404 in JSON when the cluster runs without TLS; 503 in JSON while the CA cannot
 * be had, with the reason.
 */
@Path("/v1/tls/ca")
public final class TlsResource {

  /** The media type of a PEM file, as browsers and {@code curl -O} users expect it. */
  public static final String PEM = "application/x-pem-file";

  private final ClusterCaService ca;

  public TlsResource(ClusterCaService ca) {
    this.ca = Objects.requireNonNull(ca);
  }

  @GET
  @Produces({PEM, MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
  public Response certificate() {
    ClusterCaService.State state = ca.state();
    if (state instanceof ClusterCaService.State.Off) {
      return ErrorResponses.json(404, "TLS is off for this cluster (TLS_ENABLED is not TRUE): it has"
          + " no cluster CA");
    }
    if (state instanceof ClusterCaService.State.Pending pending) {
      return ErrorResponses.json(503, "the cluster CA is not available: " + pending.reason());
    }
    try {
      return Response.ok(ca.certificatePem(), PEM).build();
    } catch (SecretStoreException e) {
      return ErrorResponses.json(503, "the cluster CA certificate cannot be read: " + e.getMessage());
    }
  }
}
