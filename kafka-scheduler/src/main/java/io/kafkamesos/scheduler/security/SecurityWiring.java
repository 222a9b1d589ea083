package io.kafkamesos.scheduler.security;

import io.dropwizard.lifecycle.Managed;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brokers' side of the cluster's security as the leader runs it (issue 15): how nodes launch
 * ({@link #nodeTls}: their ports and TLS task data), how the scheduler's own clients connect
 * ({@link #clientSecurity}: its client certificate), and the answers to the nodes' certificate
 * requests, which arrive as executor {@code MESSAGE}s ({@link #accept}) and are signed on a
 * thread of their own (never on the subscription's).
 */
public final class SecurityWiring implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityWiring.class);

  /** Sends a scheduler {@code MESSAGE} to an executor. */
  @FunctionalInterface
  public interface MessageSender {
    void send(String agentId, String executorId, byte[] data);
  }

  private final String frameworkName;
  private final SecurityTarget target;
  private final ClusterCaService ca;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final TaskSecretBook secrets = new TaskSecretBook(random);
  private final NodeTls nodeTls;
  private final ClientSecurity clientSecurity;
  private final SwitchedListeners switched;
  private volatile NodeCertificateService certificates;
  private volatile MessageSender sender;
  private ExecutorService signer;

  /**
   * @param target the security options of the target in force
   * @param kraft whether the cluster runs in KRaft mode
   */
  public SecurityWiring(String frameworkName, SecurityTarget target, ClusterCaService ca,
      boolean kraft, Clock clock) {
    this(frameworkName, target, ca, kraft, null, clock);
  }

  /**
   * @param switched the brokers' listeners as the live plan says, on a cluster whose TLS was
   *     switched on while it ran ({@link SecurityTarget#switched}); null on any other
   */
  public SecurityWiring(String frameworkName, SecurityTarget target, ClusterCaService ca,
      boolean kraft, SwitchedListeners switched, Clock clock) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.target = Objects.requireNonNull(target);
    this.ca = Objects.requireNonNull(ca);
    this.clock = Objects.requireNonNull(clock);
    this.switched = target.tls() ? switched : null;
    if (target.tls() && switched != null) {
      // the CA and the certificate service run from the first stage on; the scheduler's clients
      // move to INTERNAL (with its certificate) only once every broker has it
      nodeTls = new SwitchedNodeTls(frameworkName, switched::targetOf, secrets);
      ClientSecurity certificate = new SchedulerClientCertificate(frameworkName, ca::ca,
          this::caState, Duration.ofDays(target.validityDays()), clock, random);
      clientSecurity = () -> switched.schedulerListener() == Listener.INTERNAL
          ? certificate.properties() : java.util.Map.of();
    } else if (target.tls()) {
      nodeTls = NodeTlsLayout.of(frameworkName, target, kraft, secrets);
      clientSecurity = new SchedulerClientCertificate(frameworkName, ca::ca, this::caState,
          Duration.ofDays(target.validityDays()), clock, random);
    } else {
      nodeTls = NodeTls.NONE;
      clientSecurity = ClientSecurity.PLAINTEXT;
    }
  }

  public NodeTls nodeTls() {
    return nodeTls;
  }

  public ClientSecurity clientSecurity() {
    return clientSecurity;
  }

  /**
   * Where the scheduler's own clients reach a broker of a registration's JSON, when not at its
   * usual address: its {@code INTERNAL} listener on a secure cluster; on a switched one only once
   * every broker has it, its PLAINTEXT listener before.
   */
  public java.util.Optional<String> adminAddress(String registrationJson) {
    if (switched != null && switched.schedulerListener() != Listener.INTERNAL) {
      return io.kafkamesos.scheduler.kafka.KafkaRegistrations.listenerAddress(registrationJson,
          Listener.PLAINTEXT.name());
    }
    return io.kafkamesos.scheduler.kafka.KafkaRegistrations.adminAddress(registrationJson);
  }

  /**
   * The listeners {@code /v1/connection} lists on a switched cluster, by name, the one of its
   * {@code brokers} first; empty on any other cluster (it lists what the brokers advertise).
   */
  public java.util.Optional<java.util.function.Supplier<java.util.List<String>>> clientListeners() {
    if (switched == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(() -> switched.clientListeners().stream().map(Listener::name).toList());
  }

  /** Starts answering the nodes' certificate requests about {@code tasks} through {@code sender}. */
  public void answer(NodeCertificateService.Tasks tasks, MessageSender messages) {
    if (!target.tls()) {
      return;
    }
    this.sender = Objects.requireNonNull(messages);
    this.certificates = new NodeCertificateService(frameworkName, ca::ca, tasks, secrets,
        NodeCertificateService.Resolver.SYSTEM, Duration.ofDays(target.validityDays()), clock, random);
  }

  /** Takes an executor's {@code MESSAGE}: returns at once, a certificate request is answered later. */
  public void accept(Event.Message message) {
    NodeCertificateService service = certificates;
    ExecutorService thread = signer;
    if (service == null || thread == null) {
      return;
    }
    try {
      thread.execute(() -> answer(service, message));
    } catch (RejectedExecutionException e) {
      // stopping: the executor asks again, of the next leader
    }
  }

  private void answer(NodeCertificateService service, Event.Message message) {
    String agent = message.getAgentId().getValue();
    String executor = message.getExecutorId().getValue();
    try {
      service.answer(message.getData().toByteArray(), new NodeRequestCheck.Sender(agent, executor))
          .ifPresent(reply -> sender.send(agent, executor, reply.envelope().encode()));
    } catch (RuntimeException e) {
      LOG.warn("Cannot answer the certificate request of executor {} on agent {}: {}", executor,
          agent, e.getMessage());
    }
  }

  private String caState() {
    return ca.state() instanceof ClusterCaService.State.Pending pending ? pending.reason()
        : "the cluster CA is off";
  }

  @Override
  public synchronized void start() {
    if (target.tls() && signer == null) {
      signer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, frameworkName + "-node-certificates");
        t.setDaemon(true);
        return t;
      });
    }
  }

  @Override
  public synchronized void stop() {
    if (signer != null) {
      signer.shutdownNow();
      signer = null;
    }
  }
}
