package io.kafkamesos.scheduler.api;

import io.kafkamesos.scheduler.access.AclService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Objects;

/**
 * {@code /v1/acls}: the cluster's ACLs. {@code GET} lists, {@code POST} adds, {@code DELETE}
 * removes; the query parameters and their defaults are {@link io.kafkamesos.scheduler.access.AclRequests}'.
 * Every answer is {@code {"acls": [...]}}, the bindings listed, added or removed.
 */
@Path("/v1/acls")
@Produces(MediaType.APPLICATION_JSON)
public final class AclsResource {

  private final AclService acls;

  public AclsResource(AclService acls) {
    this.acls = Objects.requireNonNull(acls);
  }

  @GET
  public AclService.Acls list(@Context UriInfo uri) {
    return acls.list(UsersResource.query(uri));
  }

  @POST
  public Response add(@Context UriInfo uri) {
    return Response.status(Response.Status.CREATED).entity(acls.add(UsersResource.query(uri))).build();
  }

  @DELETE
  public AclService.Acls remove(@Context UriInfo uri) {
    return acls.remove(UsersResource.query(uri));
  }
}
