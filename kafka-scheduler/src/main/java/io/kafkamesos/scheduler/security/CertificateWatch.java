package io.kafkamesos.scheduler.security;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the nodes' certificates from running out: reads the certificate each broker and controller
 * serves on its TLS listener (what clients see, whichever scheduler issued it), judges it with
 * {@link CertificateRenewal}, and has a node whose certificate is due restarted in the rolling way
 * ({@link Renewer}): one node at a time, with the roll's safety rules, and the relaunched node asks
 * for a new certificate as every launch does. Reading what is served, not what was signed, makes the
 * check survive a scheduler's failover and see a node that still runs an older certificate.
 *
 * <p>A renewal that cannot help is not started, and the reading says why: when a certificate issued
 * now would be due as well (it ends with the cluster CA), restarts would repeat for nothing; when
 * the node's certificate is of another CA (the CA was changed under a running cluster), a node
 * relaunched with the new one could not reach the others, which still trust only the old one.
 */
public final class CertificateWatch implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateWatch.class);

  /** How often the scheduler checks, and how long after its start it first does. */
  public static final Duration INTERVAL = Duration.ofHours(1);
  public static final Duration FIRST_CHECK = Duration.ofMinutes(5);
  /** How long one node has to answer the start of a handshake. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** A node that should serve TLS, and where. */
  public record Node(int id, String name, String host, int port) {

    public Node {
      Objects.requireNonNull(name);
      Objects.requireNonNull(host);
    }

    String address() {
      return host + ":" + port;
    }
  }

  /**
   * What one node serves.
   *
   * @param renewal why its certificate must be replaced, or null while it is good
   * @param renewing whether the node restarts for it (this check asked, or a restart was asked for
   *     already)
   * @param error why nothing could be read, or null
   */
  public record Reading(Node node, String subject, Instant notAfter, String renewal, boolean renewing,
      String error) {
  }

  /** One check of every node. */
  public record Report(Instant checkedAt, List<Reading> readings) {

    public Report {
      readings = List.copyOf(readings);
    }
  }

  /** Reads the certificate a listener serves ({@link ServedCertificates#read}). */
  @FunctionalInterface
  public interface Probe {
    X509Certificate read(String host, int port) throws IOException;
  }

  /**
   * Asks for a node's rolling restart; answers whether the node restarts (asked now, or a restart
   * was asked for already), false when it does not run.
   */
  @FunctionalInterface
  public interface Renewer {
    boolean renew(int nodeId, String reason);
  }

  private final String frameworkName;
  private final Supplier<List<Node>> nodes;
  private final Supplier<Optional<ClusterCa>> ca;
  private final TlsPolicy policy;
  private final Probe probe;
  private final Renewer renewer;
  private final Clock clock;
  private ScheduledExecutorService timer;
  private volatile Report last;

  /**
   * @param nodes the nodes that run now, with their TLS listener
   * @param ca the cluster CA once ready ({@link ClusterCaService#ca})
   */
  public CertificateWatch(String frameworkName, Supplier<List<Node>> nodes, Supplier<Optional<ClusterCa>> ca,
      TlsPolicy policy, Probe probe, Renewer renewer, Clock clock) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.nodes = Objects.requireNonNull(nodes);
    this.ca = Objects.requireNonNull(ca);
    this.policy = Objects.requireNonNull(policy);
    this.probe = Objects.requireNonNull(probe);
    this.renewer = Objects.requireNonNull(renewer);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Which nodes a look at the certificates restarts. */
  private enum Renew {
    NONE, DUE, EVERY
  }

  /** Reads and judges every node's certificate; restarts nothing. Empty while the CA is not ready. */
  public Optional<Report> read() {
    return ca.get().map(signer -> look(signer, Renew.NONE));
  }

  /** {@link #read}, and a rolling restart asked for each node whose certificate is due. */
  public Optional<Report> check() {
    Optional<Report> report = ca.get().map(signer -> look(signer, Renew.DUE));
    report.ifPresent(r -> last = r);
    return report;
  }

  /**
   * The operator's renewal ({@code PUT /v1/tls/certificates/renew}): a rolling restart asked for
   * every node that runs, due or not, so that each gets a new certificate (after a key may have
   * been seen, or to have the new ones before a deadline), except where a restart cannot help
   * (the same rules as for a due certificate: another CA's, or one the CA's end would cut short).
   */
  public Optional<Report> renewAll() {
    return ca.get().map(signer -> look(signer, Renew.EVERY));
  }

  /** The report of the latest {@link #check}, if one ran. */
  public Optional<Report> last() {
    return Optional.ofNullable(last);
  }

  private Report look(ClusterCa signer, Renew renew) {
    Instant now = clock.instant();
    List<Reading> readings = new ArrayList<>();
    for (Node node : nodes.get()) {
      X509Certificate served;
      try {
        served = probe.read(node.host(), node.port());
      } catch (IOException e) {
        readings.add(new Reading(node, null, null, null, false, "cannot read the certificate served at "
            + node.address() + ": " + e.getMessage()));
        continue;
      }
      Optional<String> due = CertificateRenewal.nodeRenewal(served, signer, now, policy);
      if (due.isEmpty() && renew == Renew.EVERY) {
        due = Optional.of("asked for by the operator (PUT /v1/tls/certificates/renew)");
      }
      Optional<String> futile = due.isPresent() ? futile(served, signer, now) : Optional.empty();
      String renewal = due.map(reason -> futile.map(f -> reason + "; " + f).orElse(reason)).orElse(null);
      boolean renewing = false;
      if (renew != Renew.NONE && due.isPresent()) {
        if (futile.isPresent()) {
          LOG.warn("{}: {}", node.name(), renewal);
        } else {
          renewing = renewer.renew(node.id(), "certificate renewal: " + due.get());
          LOG.info("{}: its certificate must be renewed ({}); {}", node.name(), due.get(),
              renewing ? "it restarts in the rolling way" : "it does not run now");
        }
      }
      readings.add(new Reading(node, served.getSubjectX500Principal().getName(),
          served.getNotAfter().toInstant(), renewal, renewing, null));
    }
    return new Report(now, readings);
  }

  /**
   * Why restarting the node cannot help, or empty. A certificate of another CA: the nodes trust the
   * one CA they were launched with, so a node relaunched with the new CA's certificate could not
   * reach the others (moving a cluster to a new CA needs both trusted first, which is not built).
   * A certificate issued now ends at the CA's end at the latest, and would be due at once if that
   * end falls within the renewal window.
   */
  private Optional<String> futile(X509Certificate served, ClusterCa signer, Instant now) {
    boolean expired = !now.isBefore(served.getNotAfter().toInstant());
    if (!expired && !CertificateRenewal.issuedBy(served, signer.certificate())) {
      return Optional.of("not renewed: the cluster CA is not the one the nodes were launched with"
          + " (was TLS_CA_CERT_FILE changed?), and a node restarted with the new CA could not reach"
          + " the others; give the scheduler its former CA back (moving to a new CA is not built)");
    }
    Instant full = now.plus(policy.validity());
    Instant end = signer.notAfter().isBefore(full) ? signer.notAfter() : full;
    if (now.isBefore(end.minus(policy.renewBefore()))) {
      return Optional.empty();
    }
    return Optional.of("not renewed: a certificate issued now would end with the cluster CA at "
        + signer.notAfter() + " and be due at once; the CA must be renewed first");
  }

  @Override
  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, frameworkName + "-certificate-watch");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::checkQuietly, FIRST_CHECK.toMillis(), INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void checkQuietly() {
    try {
      check().ifPresentOrElse(report -> LOG.debug("Certificates of {} checked: {} node(s)", frameworkName,
          report.readings().size()), () -> LOG.info("Certificates of {} not checked: the cluster CA is"
          + " not ready", frameworkName));
    } catch (RuntimeException e) {
      // the next check comes anyway; a failed one must not end the timer
      LOG.warn("Checking the certificates of {} failed: {}", frameworkName, e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
