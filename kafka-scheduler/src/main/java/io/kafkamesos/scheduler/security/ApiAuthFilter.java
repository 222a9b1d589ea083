package io.kafkamesos.scheduler.security;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance API's door ({@code API_AUTH=TRUE}): every request to the API port, the status
 * page and unknown paths included, must carry {@code Authorization: token=<t>} (DC/OS's form),
 * {@code Authorization: Bearer <t>}, or HTTP basic credentials of a configured user. Runs before
 * Jersey matches the path, so that a caller without credentials learns nothing, not even which
 * paths exist.
 *
 * <p>No or wrong credentials: 401 with {@code WWW-Authenticate} and Dropwizard's JSON error body
 * ({@code {"code":401,"message":"..."}}). A read-only identity asking to change something: 403.
 * {@code GET /v1/tls/ca} stays open: the CA certificate is public, and a client needs it before
 * it can trust anything. A token or password never reaches a log: refusals name the method, the
 * path and, for a basic user, the user name.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ApiAuthFilter implements ContainerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(ApiAuthFilter.class);

  /** Paths anyone may GET (without the leading slash, as Jersey gives them). */
  static final Set<String> OPEN = Set.of("v1/tls/ca");

  private final ApiCredentials credentials;
  private final String realm;

  public ApiAuthFilter(ApiCredentials credentials, String realm) {
    this.credentials = Objects.requireNonNull(credentials);
    this.realm = Objects.requireNonNull(realm).replace("\"", "");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    String path = request.getUriInfo().getPath(true).replaceAll("^/+|/+$", "");
    if (OPEN.contains(path) && ("GET".equals(method) || "HEAD".equals(method))) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      LOG.debug("API request without credentials refused: {} /{}", method, path);
      request.abortWith(unauthorized("this API needs credentials: Authorization: token=<token>,"
          + " Bearer <token> or HTTP basic (API_AUTH is on)"));
      return;
    }
    Optional<ApiCredentials.Identity> identity = identify(header.strip());
    if (identity.isEmpty()) {
      LOG.warn("API request with wrong credentials refused: {} /{}{}", method, path, basicUser(header.strip())
          .map(u -> " (basic user " + u + ")").orElse(""));
      request.abortWith(unauthorized("the credentials are not valid for this API"));
      return;
    }
    ApiCredentials.Identity who = identity.get();
    if (!who.role().allows(method)) {
      LOG.warn("API request refused: {} may only read, it asked {} /{}", who.name(), method, path);
      request.abortWith(error(Response.Status.FORBIDDEN, who.name() + " may only read (GET); "
          + method + " /" + path + " needs an admin token or user"));
      return;
    }
    SecurityContext original = request.getSecurityContext();
    request.setSecurityContext(new Authenticated(who, original != null && original.isSecure()));
  }

  private Optional<ApiCredentials.Identity> identify(String header) {
    String lower = header.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("token=")) {
      return credentials.token(header.substring("token=".length()).strip());
    }
    if (lower.startsWith("bearer ")) {
      return credentials.token(header.substring("bearer ".length()).strip());
    }
    if (lower.startsWith("basic ")) {
      String decoded = decodeBasic(header);
      if (decoded == null || !decoded.contains(":")) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      return credentials.user(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    return Optional.empty();
  }

  private static Optional<String> basicUser(String header) {
    if (!header.toLowerCase(java.util.Locale.ROOT).startsWith("basic ")) {
      return Optional.empty();
    }
    String decoded = decodeBasic(header);
    if (decoded == null || !decoded.contains(":")) {
      return Optional.empty();
    }
    // printable user names only, so that a log line cannot be forged
    String user = decoded.substring(0, decoded.indexOf(':'));
    return user.matches("[A-Za-z0-9._@-]{1,64}") ? Optional.of(user) : Optional.of("(unprintable)");
  }

  private static String decodeBasic(String header) {
    try {
      return new String(Base64.getDecoder().decode(header.substring("basic ".length()).strip()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Response unauthorized(String message) {
    Response.ResponseBuilder response = Response.status(Response.Status.UNAUTHORIZED)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(401, message))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"");
    if (credentials.hasUsers()) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }
    return response.build();
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(status.getStatusCode(), message)).build();
  }

  /** The caller, for resources that want to say who did what. */
  private record Authenticated(ApiCredentials.Identity who, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return who::name;
    }

    @Override
    public boolean isUserInRole(String role) {
      return who.role().name().equalsIgnoreCase(role);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return who.name().startsWith("user ") ? SecurityContext.BASIC_AUTH : "Bearer";
    }
  }
}
