package io.kafkamesos.scheduler.access;

import java.util.Objects;

/**
 * A user or ACL operation that was refused or could not be carried out; the message says what to
 * fix and never holds a password. The API answers it with {@link Kind#status()}.
 */
public final class AccessException extends RuntimeException {

  /** Why it failed, with the HTTP status the API answers. */
  public enum Kind {
    /** A parameter or the body is wrong; the message names the field. */
    BAD_REQUEST(400),
    /** The user does not exist. */
    NOT_FOUND(404),
    /** The request clashes with the cluster: the user exists, the Kafka version cannot do it. */
    CONFLICT(409),
    /** Kafka did not answer, or cannot do it now (no authorizer, no broker yet). */
    UNAVAILABLE(503);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public AccessException(Kind kind, String message) {
    this(kind, message, null);
  }

  public AccessException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message), cause);
    this.kind = Objects.requireNonNull(kind);
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return kind.status();
  }

  static AccessException badRequest(String message) {
    return new AccessException(Kind.BAD_REQUEST, message);
  }
}
