package io.kafkamesos.scheduler.security;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's cluster CA: found or made when the leader starts (only the leader touches the
 * secret store), kept for the parts that sign with it, and the source of {@code GET /v1/tls/ca}.
 *
 * <p>With TLS off in the target in force there is none ({@link State.Off}). With a generated CA
 * the scheduler's ZooKeeper identity opens the secret store; a CA that cannot be had yet (ZooKeeper
 * not answering, a stored CA this identity cannot open) is tried again every
 * {@link #RETRY_INTERVAL} while the API answers 503 with the reason, so that fixing ZooKeeper or
 * the credential needs no restart. The operator's CA comes from its files, read once.
 */
public final class ClusterCaService implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterCaService.class);

  /** How often a CA that could not be had is tried again. */
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

  /** Where the CA stands. */
  public sealed interface State {
    /** TLS is off: there is no CA. */
    record Off() implements State {
    }

    /** Not found or made yet; {@code reason} says what it waits for. */
    record Pending(String reason) implements State {
    }

    /** The CA, ready to sign. */
    record Ready(ClusterCa ca) implements State {
    }
  }

  private final String frameworkName;
  private final SecurityTarget target;
  private final SecuritySettings environment;
  private final Function<ZooKeeperCredential, CuratorFramework> secureClient;
  private final ClusterCaKeeper keeper;
  private volatile State state = new State.Pending("the scheduler is starting");
  private CuratorFramework client;
  private SecretStore store;
  private ScheduledExecutorService retries;

  /**
   * @param target the security options of the target in force (which CA, how long it lives)
   * @param environment the process's security settings: the credential and the operator's files
   * @param secureClient an unstarted ZooKeeper client authenticated with a credential
   *     ({@link SecureZooKeeper#client})
   */
  public ClusterCaService(String frameworkName, SecurityTarget target, SecuritySettings environment,
      Function<ZooKeeperCredential, CuratorFramework> secureClient, Clock clock) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.target = Objects.requireNonNull(target);
    this.environment = Objects.requireNonNull(environment);
    this.secureClient = Objects.requireNonNull(secureClient);
    this.keeper = new ClusterCaKeeper(clock, new SecureRandom());
  }

  public State state() {
    return state;
  }

  /** The CA once it is ready. */
  public Optional<ClusterCa> ca() {
    return state instanceof State.Ready ready ? Optional.of(ready.ca()) : Optional.empty();
  }

  /**
   * The CA certificate (PEM) as clients should trust it: read from the secret store for a
   * generated CA (what every scheduler of the cluster shares), the operator's own otherwise.
   *
   * @throws IllegalStateException when TLS is off or the CA is not ready, with the reason
   * @throws SecretStoreException when the store cannot be read
   */
  public String certificatePem() {
    State now = state;
    if (now instanceof State.Off) {
      throw new IllegalStateException("TLS is off for this cluster (TLS_ENABLED): there is no cluster CA");
    }
    if (now instanceof State.Pending pending) {
      throw new SecretStoreException("the cluster CA is not available yet: " + pending.reason());
    }
    ClusterCa ca = ((State.Ready) now).ca();
    if (ca.origin() == ClusterCa.Origin.OPERATOR) {
      return ca.certificatePem();
    }
    return store.caCertificate().orElseThrow(() -> new SecretStoreException("the cluster CA certificate"
        + " is gone from ZooKeeper (" + ((ZooKeeperSecretStore) store).caCertificatePath() + ")"));
  }

  @Override
  public synchronized void start() {
    if (!target.tls()) {
      state = new State.Off();
      LOG.info("TLS is off for {}: no cluster CA", frameworkName);
      return;
    }
    TlsPolicy policy = target.policy();
    if (target.operatorCa()) {
      state = operatorCa(policy);
      return;
    }
    Optional<ZooKeeperCredential> credential = environment.credential();
    if (credential.isEmpty()) {
      state = pending("TLS_ENABLED is on but neither ZK_SECRET_FILE nor ZK_SECRET is set: the"
          + " scheduler cannot open the secret store that holds the cluster CA");
      return;
    }
    client = secureClient.apply(credential.get());
    client.start();
    store = new ZooKeeperSecretStore(client, credential.get(), frameworkName, new SecureRandom());
    retries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, frameworkName + "-cluster-ca");
      t.setDaemon(true);
      return t;
    });
    retries.execute(() -> generated(policy));
  }

  /** One attempt at the stored (or a new) CA; schedules the next one when it fails. */
  private void generated(TlsPolicy policy) {
    try {
      if (!client.blockUntilConnected((int) RETRY_INTERVAL.toSeconds(), TimeUnit.SECONDS)) {
        retry(policy, "ZooKeeper does not answer the scheduler's secure client");
        return;
      }
      state = new State.Ready(keeper.ca(frameworkName, Optional.empty(), store, policy));
    } catch (SecretStoreException | IllegalArgumentException e) {
      retry(policy, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      retry(policy, e.toString());
    }
  }

  private synchronized void retry(TlsPolicy policy, String reason) {
    state = pending(reason + "; trying again every " + RETRY_INTERVAL.toSeconds() + " s");
    if (retries != null && !retries.isShutdown()) {
      retries.schedule(() -> generated(policy), RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private State operatorCa(TlsPolicy policy) {
    if (!environment.operatorCa()) {
      return pending("the cluster runs with the operator's CA, but TLS_CA_CERT_FILE and"
          + " TLS_CA_KEY_FILE are not set");
    }
    try {
      SecretStore.StoredCa files = new SecretStore.StoredCa(
          SecuritySettingsParser.read(environment.caCertificateFile(), "TLS_CA_CERT_FILE"),
          SecuritySettingsParser.read(environment.caKeyFile(), "TLS_CA_KEY_FILE"));
      return new State.Ready(keeper.ca(frameworkName, Optional.of(files), null, policy));
    } catch (InvalidSettingException | IllegalArgumentException e) {
      return pending("the operator's CA cannot be used: " + e.getMessage());
    }
  }

  private State pending(String reason) {
    State.Pending pending = new State.Pending(reason);
    if (!(state instanceof State.Pending p) || !p.reason().equals(reason)) {
      LOG.error("The cluster CA of {} is not available: {}", frameworkName, reason);
    }
    return pending;
  }

  @Override
  public synchronized void stop() {
    if (retries != null) {
      retries.shutdownNow();
      retries = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public String toString() {
    return "cluster CA of " + frameworkName;
  }
}
