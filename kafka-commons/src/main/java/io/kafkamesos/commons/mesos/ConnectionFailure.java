package io.kafkamesos.commons.mesos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Why a subscription could not be opened, in words an operator can act on. Every kind is retried
 * with backoff: a master may finish its recovery, an election may end, a credential may be fixed.
 */
final class ConnectionFailure extends Exception {

  /** What went wrong, most telling first (when several masters fail, the most telling is kept). */
  enum Kind {
    /** 401 or 403: the credential is missing, wrong, or not allowed. */
    AUTHENTICATION,
    /** Any other refusal (4xx, or a 5xx other than 503). */
    REFUSED,
    /** Redirects that loop or never end. */
    REDIRECTS,
    /** 503: no leader elected yet, or the master still recovers. */
    UNAVAILABLE,
    /** The master cannot be reached (connection refused, timeout, TLS handshake). */
    UNREACHABLE,
    /** The locator could not name a master. */
    NO_MASTER;

    /**
     * Whether the master is away rather than refusing: what an election explains (a dead leader
     * still named, a master that knows no leader yet, none registered), so worth trying soon.
     */
    boolean masterAway() {
      return this == UNAVAILABLE || this == UNREACHABLE || this == NO_MASTER;
    }
  }

  private static final int MAX_BODY = 300;

  private final Kind kind;

  ConnectionFailure(Kind kind, String reason, Throwable cause) {
    super(Objects.requireNonNull(reason), cause);
    this.kind = Objects.requireNonNull(kind);
  }

  ConnectionFailure(Kind kind, String reason) {
    this(kind, reason, null);
  }

  Kind kind() {
    return kind;
  }

  /** The more telling of two failures: an authentication failure over an unreachable backup. */
  static ConnectionFailure moreTelling(ConnectionFailure a, ConnectionFailure b) {
    if (a == null) {
      return b;
    }
    return b.kind.ordinal() < a.kind.ordinal() ? b : a;
  }

  /** A master answered a status that is not success (and not a redirect that was followed). */
  static ConnectionFailure ofStatus(URI endpoint, int status, String body,
      Optional<Credential> credential) {
    String at = origin(endpoint);
    String said = body == null || body.isBlank() ? "" : ": " + abbreviate(body.strip());
    if (status == 401) {
      return new ConnectionFailure(Kind.AUTHENTICATION, credential
          .map(c -> "authentication failed for " + c.describe() + " at " + at + " (HTTP 401" + said + ")")
          .orElse("the master at " + at + " requires authentication (HTTP 401" + said
              + ") and no credential is configured"));
    }
    if (status == 403) {
      return new ConnectionFailure(Kind.AUTHENTICATION, credential
          .map(c -> c.describe() + " is not allowed at " + at + " (HTTP 403" + said + ")")
          .orElse("the master at " + at + " refuses unauthenticated requests (HTTP 403" + said + ")"));
    }
    if (status == 503) {
      return new ConnectionFailure(Kind.UNAVAILABLE,
          "the master at " + at + " is not ready (HTTP 503" + said + ")");
    }
    return new ConnectionFailure(Kind.REFUSED,
        "the master at " + at + " refused the subscription (HTTP " + status + said + ")");
  }

  /** The master could not be reached. */
  static ConnectionFailure ofIo(URI endpoint, IOException e) {
    String at = origin(endpoint);
    if (e instanceof SSLException) {
      return new ConnectionFailure(Kind.UNREACHABLE, "TLS with " + at + " failed: " + describe(e), e);
    }
    return new ConnectionFailure(Kind.UNREACHABLE, "cannot reach " + at + ": " + describe(e), e);
  }

  /** {@code scheme://host:port} of an endpoint: where, without the API's path. */
  static String origin(URI endpoint) {
    if (endpoint == null) {
      return "the master";
    }
    return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
  }

  /** What went wrong, in words: the JDK client's exceptions often carry no message of their own. */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "no connection within the connect timeout";
      }
      if (t instanceof HttpTimeoutException) {
        return "no answer in time";
      }
      if (t instanceof ConnectException) {
        return t.getMessage() == null ? "connection refused" : abbreviate(t.getMessage());
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        return abbreviate(t.getMessage());
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_BODY ? oneLine : oneLine.substring(0, MAX_BODY) + "...";
  }
}
