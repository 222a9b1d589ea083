package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.message.Envelope;
import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.Pem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's half of a node's certificate: takes the {@code certificate-request/1} an
 * executor sent over Mesos, decides with {@link NodeRequestCheck} (the task it names, Mesos' sender
 * ids, the task's secret, the names it asks for: the agent's host and IPs), signs with the cluster
 * CA under the nodes' common subject ({@link Principals#node}), and answers {@code certificate/1}
 * (the node's certificate and the CA's, the CA to trust) or {@code certificate-refused/1} with the
 * reason. Answers go back through the scheduler's {@code MESSAGE} call to the sender's executor.
 * The CA key never leaves the scheduler; only certificates travel.
 */
public final class NodeCertificateService {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCertificateService.class);

  /** What the scheduler knows of a node task it launched. */
  public record NodeTask(String taskId, String agentId, String executorId, String hostname,
      String node) {

    public NodeTask {
      Objects.requireNonNull(taskId);
      Objects.requireNonNull(agentId);
      Objects.requireNonNull(executorId);
      Objects.requireNonNull(hostname);
      Objects.requireNonNull(node);
    }
  }

  /** Finds a node task by its id. */
  @FunctionalInterface
  public interface Tasks {
    Optional<NodeTask> find(String taskId);
  }

  /** Resolves an agent's host name to its IP addresses (never answers null). */
  @FunctionalInterface
  public interface Resolver {
    List<String> addresses(String hostname);

    /** The JVM's resolver; a literal IP is its own address. */
    Resolver SYSTEM = hostname -> {
      try {
        return Arrays.stream(InetAddress.getAllByName(hostname)).map(InetAddress::getHostAddress)
            .toList();
      } catch (UnknownHostException e) {
        return List.of();
      }
    };
  }

  private final String frameworkName;
  private final Supplier<Optional<ClusterCa>> ca;
  private final Tasks tasks;
  private final TaskSecretBook secrets;
  private final Resolver resolver;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * @param ca the cluster CA once ready ({@link ClusterCaService#ca})
   * @param validity how long a node's certificate lives ({@code TLS_VALIDITY_DAYS})
   */
  public NodeCertificateService(String frameworkName, Supplier<Optional<ClusterCa>> ca, Tasks tasks,
      TaskSecretBook secrets, Resolver resolver, Duration validity, Clock clock, SecureRandom random) {
    this.frameworkName = Objects.requireNonNull(frameworkName);
    this.ca = Objects.requireNonNull(ca);
    this.tasks = Objects.requireNonNull(tasks);
    this.secrets = Objects.requireNonNull(secrets);
    this.resolver = Objects.requireNonNull(resolver);
    this.validity = Objects.requireNonNull(validity);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * The answer to an executor's message.
   *
   * @param data the message's data
   * @param sender the agent and executor Mesos says sent it
   * @return empty when the data is no certificate request (metrics, other types)
   */
  public Optional<CertificateMessages.Message> answer(byte[] data, NodeRequestCheck.Sender sender) {
    Optional<CertificateMessages.Message> read;
    try {
      read = Envelope.decode(data).flatMap(CertificateMessages::read);
    } catch (IllegalArgumentException e) {
      LOG.warn("Dropping a malformed certificate request from executor {} on agent {}: {}",
          sender.executorId(), sender.agentId(), e.getMessage());
      return Optional.empty();
    }
    if (read.isEmpty() || !(read.get() instanceof CertificateMessages.Request request)) {
      return Optional.empty();
    }
    Optional<NodeTask> task = tasks.find(request.taskId());
    String node = task.map(NodeTask::node).orElse("task " + request.taskId());
    Optional<ClusterCa> signer = ca.get();
    if (signer.isEmpty()) {
      // no answer: the executor asks again, and the CA may be ready then
      LOG.warn("{}: certificate request {} waits: the cluster CA is not ready", node,
          request.requestId());
      return Optional.empty();
    }
    NodeRequestCheck.ExpectedNode expected = task.flatMap(t -> secrets.secretHash(t.taskId())
        .map(hash -> new NodeRequestCheck.ExpectedNode(t.taskId(), t.agentId(), t.executorId(),
            t.hostname(), resolver.addresses(t.hostname()), hash, secrets.certifiedKey(t.taskId()))))
        .orElse(null);
    NodeRequestCheck.Verdict verdict = NodeRequestCheck.check(request, expected, sender);
    if (verdict instanceof NodeRequestCheck.Refuse refuse) {
      LOG.warn("{}: certificate request {} refused: {}", node, request.requestId(), refuse.reason());
      return Optional.of(new CertificateMessages.Refused(request.taskId(), request.requestId(),
          refuse.reason()));
    }
    NodeRequestCheck.Sign sign = (NodeRequestCheck.Sign) verdict;
    try {
      X509Certificate certificate = signer.get().issue(sign.key(), Principals.node(frameworkName),
          sign.names(), clock.instant(), validity, random);
      secrets.certified(request.taskId(), sign.fingerprint());
      LOG.info("{}: certificate issued for request {} ({}, names {} {}, until {})", node,
          request.requestId(), certificate.getSubjectX500Principal(), sign.names().dnsNames(),
          sign.names().ipAddresses(), certificate.getNotAfter().toInstant());
      return Optional.of(new CertificateMessages.Issued(request.taskId(), request.requestId(),
          Pem.certificates(List.of(certificate, signer.get().certificate())),
          Pem.certificates(List.of(signer.get().certificate()))));
    } catch (RuntimeException e) {
      LOG.error("{}: cannot issue a certificate for request {}: {}", node, request.requestId(),
          e.getMessage());
      return Optional.of(new CertificateMessages.Refused(request.taskId(), request.requestId(),
          "the scheduler cannot issue the certificate: " + e.getMessage()));
    }
  }
}
