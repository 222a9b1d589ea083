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
  private volatile NodeCertificateService certificates;
  private volatile MessageSender sender;
  private ExecutorService signer;

  /**
   * @param target the security options of the target in force
   * @param kraft whether the cluster runs in KRaft mode
   */
  public SecurityWiring(String frameworkName, SecurityTarget target, ClusterCaService ca,
      boolean kraft, Clock clock) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.target = Objects.requireNonNull(target);
    this.ca = Objects.requireNonNull(ca);
    this.clock = Objects.requireNonNull(clock);
    if (target.tls()) {
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
