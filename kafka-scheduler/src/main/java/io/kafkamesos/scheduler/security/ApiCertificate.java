package io.kafkamesos.scheduler.security;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.commons.security.NodeKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the API port serves with {@code API_TLS}: issued by the cluster CA for the host
 * the scheduler announces ({@code HOST}), its key made in this process and kept in memory only (no
 * key store file exists), and swapped into the running connector whenever it is issued again: when
 * the CA first becomes ready, when the CA changes, and when half of the certificate's life (or all
 * but its renewal window) has passed.
 *
 * <p>The port listens before this process leads and before the CA can be read, so until then it
 * serves a self-signed stand-in whose subject says what it is. A client that trusts the cluster CA
 * refuses the stand-in; a standby's API answers 503 to everything but the liveness anyway.
 */
public final class ApiCertificate {

  private static final Logger LOG = LoggerFactory.getLogger(ApiCertificate.class);

  /** How often {@link #refresher} looks at the CA. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(15);
  /** The shortest time between two certificates of one CA. */
  static final Duration RETRY_NEAR_CA_END = Duration.ofHours(1);

  private final String frameworkName;
  private final SubjectNames names;
  private final TlsPolicy policy;
  private final Clock clock;
  private final SecureRandom random;
  /** The in-memory key store's password: random, never written or logged. */
  private final char[] password;
  private SslContextFactory.Server factory;
  private X509Certificate served;
  private X509Certificate issuer;
  private Instant renewAt;
  private boolean toldTlsOff;

  /**
   * @param host the scheduler's host as it announces its API ({@code HOST})
   * @param policy how long the certificate lives and how long before its end it is renewed
   */
  public ApiCertificate(String frameworkName, String host, TlsPolicy policy, Clock clock,
      SecureRandom random) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.names = namesOf(host);
    this.policy = Objects.requireNonNull(policy);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret).toCharArray();
  }

  /**
   * Gives the connector's TLS factory the stand-in certificate (the factory reads it when the
   * server starts) and keeps the factory to reload with the CA's certificate later.
   */
  public synchronized void attach(SslContextFactory.Server sslContextFactory) {
    this.factory = Objects.requireNonNull(sslContextFactory);
    Instant now = clock.instant();
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate standIn = ClusterCa.selfSigned(keys, new X500Principal("CN=" + frameworkName
        + "-api (self-signed: the cluster CA is not read yet),O=" + Principals.ORGANIZATION), now,
        Duration.ofDays(1), random);
    sslContextFactory.setKeyStore(keyStore(keys, List.of(standIn)));
    sslContextFactory.setKeyStorePassword(new String(password));
    served = standIn;
    issuer = null;
    renewAt = null;
  }

  /**
   * Issues the API a certificate of {@code ca} and loads it into the connector when the one served
   * is not of this CA, or is due.
   *
   * @return whether a new certificate is served now
   */
  public synchronized boolean refresh(ClusterCa ca) {
    if (factory == null) {
      throw new IllegalStateException("no API connector is attached");
    }
    Instant now = clock.instant();
    if (issuer != null && issuer.equals(ca.certificate()) && now.isBefore(renewAt)) {
      return false;
    }
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate certificate = ca.issueServer(keys.getPublic(), Principals.api(frameworkName),
        names, now, policy.validity(), random);
    KeyStore store = keyStore(keys, List.of(certificate, ca.certificate()));
    try {
      factory.reload(f -> {
        f.setKeyStore(store);
        f.setKeyStorePassword(new String(password));
      });
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the API's new certificate into its connector: "
          + e.getMessage(), e);
    }
    Instant end = certificate.getNotAfter().toInstant();
    Instant half = now.plus(Duration.between(now, end).dividedBy(2));
    Instant window = end.minus(policy.renewBefore());
    String why = issuer == null ? "the cluster CA is ready"
        : issuer.equals(ca.certificate()) ? "the one served was due" : "the cluster CA changed";
    served = certificate;
    issuer = ca.certificate();
    Instant due = window.isBefore(half) ? window : half;
    // a certificate cut short by the CA's own end is not made longer by issuing it again: look
    // again in an hour (a new CA is noticed at once)
    renewAt = due.isAfter(now.plus(RETRY_NEAR_CA_END)) ? due : now.plus(RETRY_NEAR_CA_END);
    LOG.info("The API serves HTTPS with {} issued by {} for {} (valid until {}, renewed from {}): {}",
        certificate.getSubjectX500Principal(), ca.certificate().getSubjectX500Principal(), describe(names),
        end, renewAt, why);
    return true;
  }

  /** The certificate the connector serves now (the stand-in until {@link #refresh}). */
  public synchronized X509Certificate served() {
    return served;
  }

  /**
   * Looks at the CA every {@link #CHECK_INTERVAL} and {@link #refresh refreshes} once it is ready.
   *
   * @param state where the cluster CA stands ({@link ClusterCaService#state})
   */
  public Managed refresher(Supplier<ClusterCaService.State> state) {
    return new Managed() {
      private ScheduledExecutorService timer;

      @Override
      public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, frameworkName + "-api-certificate");
          t.setDaemon(true);
          return t;
        });
        timer.scheduleWithFixedDelay(() -> check(state.get()), 0, CHECK_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
      }

      @Override
      public synchronized void stop() {
        if (timer != null) {
          timer.shutdownNow();
          timer = null;
        }
      }
    };
  }

  private void check(ClusterCaService.State state) {
    try {
      if (state instanceof ClusterCaService.State.Ready ready) {
        refresh(ready.ca());
      } else if (state instanceof ClusterCaService.State.Off && !toldTlsOff) {
        toldTlsOff = true;
        LOG.error("API_TLS is on but the cluster in force runs without TLS, so it has no CA: the API"
            + " keeps serving its self-signed stand-in certificate, which clients refuse. Turn"
            + " TLS_ENABLED on, or API_TLS off");
      }
    } catch (RuntimeException e) {
      LOG.error("The API's certificate could not be issued: {}", e.getMessage(), e);
    }
  }

  private KeyStore keyStore(KeyPair keys, List<X509Certificate> chain) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", keys.getPrivate(), password, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot hold the API's key in memory: " + e.getMessage(), e);
    }
  }

  /**
   * The names a client may reach the API at: {@code host} itself (a name or an IP address), the
   * addresses the name resolves to here, and {@code localhost} with the loopback addresses when
   * {@code host} is this machine's loopback.
   */
  static SubjectNames namesOf(String host) {
    Set<String> dns = new LinkedHashSet<>();
    Set<String> ips = new LinkedHashSet<>();
    if (NodeKeys.isIpLiteral(host)) {
      ips.add(host);
    } else {
      dns.add(host);
      try {
        Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).forEach(ips::add);
      } catch (UnknownHostException e) {
        LOG.warn("HOST={} does not resolve here: the API's certificate names it only", host);
      }
    }
    boolean loopback = host.equals("localhost") || ips.stream().anyMatch(ip -> {
      try {
        return InetAddress.getByName(ip).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    });
    if (loopback) {
      dns.add("localhost");
      ips.add("127.0.0.1");
    }
    return new SubjectNames(new ArrayList<>(dns), new ArrayList<>(ips));
  }

  private static String describe(SubjectNames names) {
    List<String> all = new ArrayList<>(names.dnsNames());
    all.addAll(names.ipAddresses());
    return String.join(", ", all);
  }
}
