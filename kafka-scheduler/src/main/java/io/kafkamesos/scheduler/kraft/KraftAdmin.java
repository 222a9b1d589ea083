package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.core.SchedulerUnavailableException;
import io.kafkamesos.scheduler.security.ClientSecurity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's admin clients of a KRaft cluster: one bootstrapped from the brokers that run
 * ({@code bootstrap.servers}), one from the controllers ({@code bootstrap.controllers}, KIP-919),
 * both from the addresses the scheduler gave them (its records), never from Kafka's own view of
 * itself. A client is kept while its bootstrap list stays the same, and replaced when it changes (a
 * node moved). Thread-safe.
 */
public final class KraftAdmin implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KraftAdmin.class);
  /** How long one admin call may take: the API, the health checks and the plan wait no longer. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

  private final Supplier<List<String>> brokers;
  private final Supplier<List<String>> controllers;
  private final String clientId;
  private final ClientSecurity security;
  private Client brokerClient;
  private Client controllerClient;

  private record Client(String bootstrap, Admin admin) {
  }

  /**
   * @param brokers the {@code host:port} of each broker that runs
   * @param controllers the {@code host:port} of each controller's controller listener
   */
  public KraftAdmin(Supplier<List<String>> brokers, Supplier<List<String>> controllers,
      String clientId) {
    this(brokers, controllers, clientId, ClientSecurity.PLAINTEXT);
  }

  /**
   * @param security the clients' security properties: on a cluster with TLS the scheduler's
   *     client certificate, which both the brokers' {@code INTERNAL} listener and the controllers'
   *     {@code CONTROLLER} listener take (issue 15)
   */
  public KraftAdmin(Supplier<List<String>> brokers, Supplier<List<String>> controllers,
      String clientId, ClientSecurity security) {
    this.brokers = Objects.requireNonNull(brokers);
    this.controllers = Objects.requireNonNull(controllers);
    this.clientId = Objects.requireNonNull(clientId);
    this.security = Objects.requireNonNull(security);
  }

  /**
   * A client of the brokers.
   *
   * @throws SchedulerUnavailableException when no broker runs
   */
  public synchronized Admin brokers() {
    String bootstrap = String.join(",", brokers.get());
    if (bootstrap.isEmpty()) {
      throw new SchedulerUnavailableException("no broker runs yet: Kafka cannot be asked", null);
    }
    if (brokerClient == null || !brokerClient.bootstrap().equals(bootstrap)) {
      close(brokerClient);
      brokerClient = new Client(bootstrap, create(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          bootstrap, clientId + "-brokers"));
    }
    return brokerClient.admin();
  }

  /**
   * A client of the controller quorum.
   *
   * @throws SchedulerUnavailableException when no controller has an address yet
   */
  public synchronized Admin controllers() {
    String bootstrap = String.join(",", controllers.get());
    if (bootstrap.isEmpty()) {
      throw new SchedulerUnavailableException("no controller has its address yet: the quorum cannot"
          + " be asked", null);
    }
    if (controllerClient == null || !controllerClient.bootstrap().equals(bootstrap)) {
      close(controllerClient);
      controllerClient = new Client(bootstrap, create(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
          bootstrap, clientId + "-controllers"));
    }
    return controllerClient.admin();
  }

  /**
   * Drops the client of the controllers, to be made again at its next use: a client that asked a
   * new quorum before its {@code metadata.version} was committed ("There is no finalized
   * MetadataVersion") takes it as fatal and never finds a node again.
   */
  public synchronized void resetControllers() {
    close(controllerClient);
    controllerClient = null;
  }

  /** The controllers' {@code host:port}, as the nodes are told them. */
  public List<String> controllerEndpoints() {
    return List.copyOf(controllers.get());
  }

  /** The running brokers' {@code host:port}. */
  public List<String> brokerEndpoints() {
    return List.copyOf(brokers.get());
  }

  /**
   * Waits for an admin call, at most {@link #CALL_TIMEOUT}.
   *
   * @throws SchedulerUnavailableException with {@code what} and Kafka's reason when it fails
   */
  public static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new SchedulerUnavailableException(what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new SchedulerUnavailableException(what + ": no answer within "
          + CALL_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerUnavailableException(what + ": interrupted", e);
    }
  }

  private Admin create(String key, String bootstrap, String clientId) {
    Properties props = new Properties();
    try {
      props.putAll(security.properties());
    } catch (IllegalStateException e) {
      // the cluster CA is not ready: no certificate to connect with yet
      throw new SchedulerUnavailableException(e.getMessage(), e);
    }
    props.put(key, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    LOG.info("Admin client {} bootstrapped from {}", clientId, bootstrap);
    return Admin.create(props);
  }

  private static void close(Client client) {
    if (client != null) {
      client.admin().close(Duration.ofSeconds(2));
    }
  }

  @Override
  public synchronized void close() {
    close(brokerClient);
    close(controllerClient);
    brokerClient = null;
    controllerClient = null;
  }
}
