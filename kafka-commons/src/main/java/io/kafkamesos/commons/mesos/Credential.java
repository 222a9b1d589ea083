package io.kafkamesos.commons.mesos;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What a client puts into the {@code Authorization} header of every request to Mesos: HTTP basic
 * credentials of a framework principal (masters with {@code --authenticate_http_frameworks}), or the
 * bearer token an agent hands its executor ({@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}).
 *
 * <p>The secret never leaves {@link #header()}: {@link #describe()} and {@link #toString()} name the
 * principal only, so that a credential can be logged or put into an error message safely.
 */
public final class Credential {

  private final String header;
  private final String description;

  private Credential(String header, String description) {
    this.header = header;
    this.description = description;
  }

  /**
   * HTTP basic credentials.
   *
   * @throws IllegalArgumentException when the principal is empty or holds a ':' (basic
   *     authentication could not tell it from the secret)
   */
  public static Credential basic(String principal, String secret) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(secret, "secret");
    if (principal.isEmpty() || principal.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a principal must be non-empty and without ':'");
    }
    String token = Base64.getEncoder()
        .encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return new Credential("Basic " + token, "principal " + principal);
  }

  /** A bearer token, as Mesos' executors send theirs. */
  public static Credential bearer(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("an authentication token must not be blank");
    }
    return new Credential("Bearer " + token, "the executor's authentication token");
  }

  /** The value of the {@code Authorization} header. Never log it. */
  public String header() {
    return header;
  }

  /** Who authenticates, without the secret: {@code principal kafka0-principal}. */
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "Credential(" + description + ")";
  }
}
