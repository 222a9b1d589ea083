package io.kafkamesos.local.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP basic authentication as libprocess' {@code BasicAuthenticator} does it for a realm: the
 * {@code Authorization} header must be {@code Basic <base64 of principal:secret>} with a known
 * principal and its secret, else the answer is {@code 401 Unauthorized.} with
 * {@code WWW-Authenticate: Basic realm="<realm>"}. Each refusal is logged and kept in
 * {@link AuthenticationFailures}, with the principal it claimed.
 */
public final class BasicAuthenticator {

  /** Mesos' realm for HTTP frameworks ({@code DEFAULT_HTTP_FRAMEWORK_AUTHENTICATION_REALM}). */
  public static final String FRAMEWORK_REALM = "mesos-master-scheduler";

  private final String realm;
  private final Credentials credentials;
  private final AuthenticationFailures failures;

  public BasicAuthenticator(String realm, Credentials credentials, AuthenticationFailures failures) {
    this.realm = Objects.requireNonNull(realm);
    this.credentials = Objects.requireNonNull(credentials);
    this.failures = Objects.requireNonNull(failures);
  }

  /** The principal the request authenticates as, if its credentials are valid; else noted. */
  public Optional<String> authenticate(HttpExchange exchange) {
    String header = exchange.header("Authorization");
    Optional<String> principal = principal(header);
    if (principal.isEmpty()) {
      failures.refused(realm, exchange.path(), claimedPrincipal(header));
    }
    return principal;
  }

  /** The principal a basic header names, right secret or not; empty when it cannot be read. */
  static Optional<String> claimedPrincipal(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The principal of an {@code Authorization} header value, if it names valid credentials. */
  Optional<String> principal(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] components = header.split(" ", -1);
    if (components.length != 2 || !components[0].equals("Basic")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(components[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String[] credential = decoded.split(":", -1);
    if (credential.length != 2 || !credentials.matches(credential[0], credential[1])) {
      return Optional.empty();
    }
    return Optional.of(credential[0]);
  }

  /** The challenge for a request without valid credentials. */
  public void challenge(HttpExchange exchange) throws IOException {
    exchange.reply(401, Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\"",
        "Content-Type", "text/plain; charset=utf-8"),
        "401 Unauthorized.".getBytes(StandardCharsets.UTF_8));
  }
}
