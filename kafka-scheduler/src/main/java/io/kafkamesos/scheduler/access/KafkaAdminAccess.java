package io.kafkamesos.scheduler.access;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import io.kafkamesos.scheduler.security.ClientSecurity;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's admin client for the user and ACL operations, on the brokers registered now: kept
 * between requests, rebuilt when the brokers' addresses change. Each call waits at most the
 * timeout; errors Kafka marks retriable (a controller moving, metadata catching up) are tried
 * again for up to {@link #RETRY_BUDGET}; every other error becomes an {@link AccessException}.
 *
 * <p>Until the scheduler has its TLS client certificate (issue 15, next step) the client speaks
 * PLAINTEXT and Kafka sees it as {@code User:ANONYMOUS}.
 */
public final class KafkaAdminAccess implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaAdminAccess.class);

  static final Duration RETRY_BUDGET = Duration.ofSeconds(8);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

  private final Supplier<String> bootstrapServers;
  private final Duration timeout;
  private final Clock clock;
  private final ClientSecurity security;
  private Admin admin;
  private String adminBootstrap;

  /** @param bootstrapServers the registered brokers' {@code host:port,...} as of each call ("" while none) */
  public KafkaAdminAccess(Supplier<String> bootstrapServers, Duration timeout, Clock clock) {
    this(bootstrapServers, timeout, clock, ClientSecurity.PLAINTEXT);
  }

  /** @param security the scheduler's client security on a secure cluster (its certificate) */
  public KafkaAdminAccess(Supplier<String> bootstrapServers, Duration timeout, Clock clock,
      ClientSecurity security) {
    this.security = Objects.requireNonNull(security);
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
    this.timeout = Objects.requireNonNull(timeout);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Sends the request made by {@code request} and waits for its answer.
   *
   * @param what names the request in error messages ({@code "creating user alice"})
   */
  <T> T call(Function<Admin, KafkaFuture<T>> request, String what) {
    Instant deadline = clock.instant().plus(RETRY_BUDGET);
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      Throwable failure;
      try {
        return request.apply(admin()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AccessException(AccessException.Kind.UNAVAILABLE, what + ": interrupted", e);
      } catch (java.util.concurrent.TimeoutException e) {
        throw unanswered(what, e);
      } catch (ExecutionException e) {
        failure = e.getCause() == null ? e : e.getCause();
      } catch (KafkaException e) {
        failure = e;
      }
      if (!(failure instanceof RetriableException) || failure instanceof TimeoutException) {
        throw translate(what, failure);
      }
      if (clock.instant().plus(pause).isAfter(deadline)) {
        throw new AccessException(AccessException.Kind.UNAVAILABLE, what + ": Kafka answered '"
            + failure.getMessage() + "' (" + failure.getClass().getSimpleName() + ", retriable) "
            + attempt + " times; the cluster is changing, try again in a moment", failure);
      }
      LOG.info("{}: Kafka answered {} (retriable); trying again in {} ms", what,
          failure.getClass().getSimpleName(), pause.toMillis());
      sleep(pause, what);
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  /** Kafka's failure as the API's: its HTTP meaning and Kafka's reason. Pure. */
  static AccessException translate(String what, Throwable failure) {
    if (failure instanceof AccessException access) {
      return access;
    }
    String reason = what + ": " + failure.getMessage();
    if (failure instanceof SecurityDisabledException) {
      return new AccessException(AccessException.Kind.UNAVAILABLE, "authorization is off: set"
          + " AUTHORIZATION_ENABLED (the brokers run without an ACL authorizer, so Kafka keeps no ACLs)",
          failure);
    }
    if (failure instanceof ResourceNotFoundException) {
      return new AccessException(AccessException.Kind.NOT_FOUND, reason, failure);
    }
    if (failure instanceof UnacceptableCredentialException || failure instanceof InvalidRequestException) {
      return new AccessException(AccessException.Kind.BAD_REQUEST, reason, failure);
    }
    if (failure instanceof UnsupportedVersionException) {
      return new AccessException(AccessException.Kind.CONFLICT, what + ": the brokers' Kafka does not"
          + " support it (" + failure.getMessage() + ")", failure);
    }
    if (failure instanceof AuthorizationException) {
      return new AccessException(AccessException.Kind.UNAVAILABLE, what + ": Kafka refused the"
          + " scheduler (" + failure.getMessage() + "); its admin client connects over PLAINTEXT as"
          + " User:ANONYMOUS, which must be one of the brokers' super.users for now", failure);
    }
    if (failure instanceof TimeoutException) {
      return unanswered(what, failure);
    }
    return new AccessException(AccessException.Kind.UNAVAILABLE, what + ": Kafka failed: " + failure
        + "; check that the brokers are running", failure);
  }

  private static AccessException unanswered(String what, Throwable cause) {
    return new AccessException(AccessException.Kind.UNAVAILABLE, what + ": Kafka did not answer in"
        + " time; check that the brokers are running", cause);
  }

  private synchronized Admin admin() {
    String servers = bootstrapServers.get();
    if (servers == null || servers.isBlank()) {
      throw new AccessException(AccessException.Kind.UNAVAILABLE,
          "no Kafka broker is registered yet; wait for the brokers to start");
    }
    if (admin == null || !servers.equals(adminBootstrap)) {
      if (admin != null) {
        admin.close(Duration.ZERO);
      }
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kafka-mesos-access");
      try {
        props.putAll(security.properties());
      } catch (IllegalStateException e) {
        throw new AccessException(AccessException.Kind.UNAVAILABLE, e.getMessage(), e);
      }
      LOG.info("Connecting the users and ACLs admin client to {}", servers);
      try {
        admin = Admin.create(props);
      } catch (KafkaException e) {
        admin = null;
        throw translate("connecting to Kafka at " + servers, e);
      }
      adminBootstrap = servers;
    }
    return admin;
  }

  private static void sleep(Duration pause, String what) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AccessException(AccessException.Kind.UNAVAILABLE, what + ": interrupted", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (admin != null) {
      admin.close(timeout);
      admin = null;
    }
  }

  @Override
  public String toString() {
    return "users and ACLs admin client";
  }
}
