package io.kafkamesos.local.http;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests an authenticator refused, newest last, as an operator reads them in a master's log:
 * when, to which path, and the principal they claimed (never a secret). Bounded: the oldest go first.
 * Tests read it to see how often a refused client comes back.
 */
public final class AuthenticationFailures {

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFailures.class);
  /** How many refusals are kept. */
  static final int KEPT = 10_000;

  /**
   * One refused request.
   *
   * @param principal the principal of the request's basic credentials, empty when it gave none or
   *     the header could not be decoded
   */
  public record Failure(Instant at, String realm, String path, Optional<String> principal) {
    public Failure {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(principal, "principal");
    }
  }

  private final Clock clock;
  private final ArrayDeque<Failure> failures = new ArrayDeque<>();

  public AuthenticationFailures(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  void refused(String realm, String path, Optional<String> principal) {
    Failure failure = new Failure(clock.instant(), realm, path, principal);
    LOG.info("Refused a request without valid credentials to {} (realm '{}', {}): 401", path, realm,
        principal.map(p -> "principal '" + p + "'").orElse("no principal"));
    synchronized (failures) {
      if (failures.size() == KEPT) {
        failures.removeFirst();
      }
      failures.addLast(failure);
    }
  }

  /** The refusals kept, oldest first. */
  public List<Failure> all() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }
}
