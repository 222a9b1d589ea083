package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.access.ScramUsers;
import io.kafkamesos.scheduler.access.UserCertificates;
import io.kafkamesos.scheduler.access.UserRequests;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/users}: the cluster's SCRAM users. {@code POST /v1/users/{name}} takes a JSON body
 * ({@code {"password": "...", "mechanism": "SCRAM-SHA-512", "iterations": 4096}}, every field
 * optional; without a password one is generated and answered once, with
 * {@code Cache-Control: no-store}); {@code ?update=true} sets the password of a user that exists
 * (409 without it). {@code DELETE /v1/users/{name}[?mechanism=SCRAM-SHA-256]} deletes its
 * credentials. {@code POST /v1/users/{name}/certificate} signs the user's PEM certificate request
 * (body) with the cluster CA, for {@code AUTHENTICATION=MTLS} clusters ({@link UserCertificates}).
 */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {

  private final ScramUsers users;
  private final UserCertificates certificates;

  public UsersResource(ScramUsers users, UserCertificates certificates) {
    this.users = Objects.requireNonNull(users);
    this.certificates = Objects.requireNonNull(certificates);
  }

  /** {@code {"users": [{"name": "alice", "mechanisms": [{"mechanism": "SCRAM-SHA-512", "iterations": 4096}]}]}} */
  @GET
  public ScramUsers.Users list(@Context UriInfo uri) {
    UserRequests.checkQuery(query(uri), Set.of());
    return users.list();
  }

  @GET
  @Path("{name}")
  public ScramUsers.User get(@PathParam("name") String name, @Context UriInfo uri) {
    UserRequests.checkQuery(query(uri), Set.of());
    return users.get(name);
  }

  @POST
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@PathParam("name") String name, @Context UriInfo uri, String body) {
    Map<String, List<String>> query = query(uri);
    UserRequests.checkQuery(query, Set.of("update"));
    UserRequests.name(name);
    UserRequests.UserRequest request = UserRequests.parse(body);
    ScramUsers.User user = users.create(name, request,
        UserRequests.update(query.containsKey("update") ? query.get("update").get(0) : null));
    Response.ResponseBuilder answer = Response.status(Response.Status.CREATED).entity(user);
    if (user.password() != null) {
      CacheControl noStore = new CacheControl();
      noStore.setNoStore(true);
      answer.cacheControl(noStore);
    }
    return answer.build();
  }

  /**
   * {@code {"user": "alice", "principal": "User:CN=alice", "certificate": "-----BEGIN
   * CERTIFICATE-----...", "ca": "...", "not_after": "2027-12-06T10:00:00Z"}}, 201. Any content
   * type but JSON takes the PEM request as the body ({@code curl --data-binary @alice.csr} sends a
   * form type); JSON ({@code {"csr": "-----BEGIN..."}}, what {@code dcos kafka user certificate}
   * sends) holds it in {@code csr}.
   */
  @POST
  @Path("{name}/certificate")
  @Consumes(MediaType.WILDCARD)
  public Response certificate(@PathParam("name") String name, @Context UriInfo uri,
      @Context HttpHeaders headers, String body) {
    UserRequests.checkQuery(query(uri), Set.of());
    MediaType type = headers.getMediaType();
    boolean json = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
    UserCertificates.Issued issued = certificates.issue(name, UserRequests.certificateRequest(body, json));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("user", issued.user());
    answer.put("principal", issued.principal());
    answer.put("certificate", issued.certificate());
    answer.put("ca", issued.ca());
    answer.put("not_after", issued.notAfter().toString());
    return Response.status(Response.Status.CREATED).entity(answer).build();
  }

  @DELETE
  @Path("{name}")
  public ScramUsers.User delete(@PathParam("name") String name, @Context UriInfo uri) {
    Map<String, List<String>> query = query(uri);
    UserRequests.checkQuery(query, Set.of("mechanism"));
    UserRequests.name(name);
    return users.delete(name, Optional.ofNullable(query.get("mechanism"))
        .map(values -> UserRequests.mechanism(values.get(0))));
  }

  static Map<String, List<String>> query(UriInfo uri) {
    return new LinkedHashMap<>(uri.getQueryParameters());
  }
}
