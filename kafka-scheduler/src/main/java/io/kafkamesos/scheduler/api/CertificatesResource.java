package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.security.CertificateWatch;
import io.kafkamesos.scheduler.security.ClusterCaService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /v1/tls/certificates}: the certificate each running broker and controller serves on
 * its TLS listener, read now, with its end and whether it is due for renewal:
 * {@code {"checked_at": "...", "renewal_days": 30, "certificates": [{"node": "broker 0", "address":
 * "host:port", "subject": "...", "not_after": "...", "renewal": null, "renewing": false}]}}.
 * {@code renewal} says why a certificate must be replaced (the scheduler's hourly check restarts
 * such a node in the rolling way); a node that cannot be read has {@code error} instead. 404 in
 * JSON when the cluster runs without TLS, 503 while the cluster CA is not available.
 * {@code PUT /v1/tls/certificates/renew} renews every node's certificate now.
 */
@Path("/v1/tls/certificates")
public final class CertificatesResource {

  private final ClusterCaService ca;
  private final CertificateWatch watch;
  private final int renewalDays;

  /** @param watch null when the cluster runs without TLS */
  public CertificatesResource(ClusterCaService ca, CertificateWatch watch, int renewalDays) {
    this.ca = Objects.requireNonNull(ca);
    this.watch = watch;
    this.renewalDays = renewalDays;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response certificates() {
    return answer(200, false);
  }

  /**
   * {@code PUT /v1/tls/certificates/renew}: every running node restarted in the rolling way for a
   * new certificate (one at a time, with the roll's rules), due or not; 202 with the report, each
   * node's {@code renewing} saying whether it restarts and {@code renewal} why (or why not).
   */
  @PUT
  @Path("/renew")
  @Produces(MediaType.APPLICATION_JSON)
  public Response renew() {
    return answer(202, true);
  }

  private Response answer(int status, boolean renew) {
    ClusterCaService.State state = ca.state();
    if (watch == null || state instanceof ClusterCaService.State.Off) {
      return ErrorResponses.json(404, "TLS is off for this cluster (TLS_ENABLED is not TRUE): its nodes"
          + " serve no certificates");
    }
    Optional<CertificateWatch.Report> report = renew ? watch.renewAll() : watch.read();
    if (report.isEmpty()) {
      String reason = state instanceof ClusterCaService.State.Pending pending ? pending.reason()
          : "it is not ready";
      return ErrorResponses.json(503, "the cluster CA is not available: " + reason);
    }
    List<Map<String, Object>> certificates = new ArrayList<>();
    for (CertificateWatch.Reading reading : report.get().readings()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("node", reading.node().name());
      node.put("address", reading.node().host() + ":" + reading.node().port());
      if (reading.error() != null) {
        node.put("error", reading.error());
      } else {
        node.put("subject", reading.subject());
        node.put("not_after", reading.notAfter().toString());
        node.put("renewal", reading.renewal());
        node.put("renewing", reading.renewing());
      }
      certificates.add(node);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("checked_at", report.get().checkedAt().toString());
    answer.put("renewal_days", renewalDays);
    answer.put("certificates", certificates);
    return Response.status(status).entity(answer).build();
  }
}
