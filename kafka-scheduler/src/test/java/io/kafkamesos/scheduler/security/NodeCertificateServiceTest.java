package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.NodeTlsSpec;
import io.kafkamesos.commons.security.Pem;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The scheduler's half of the exchange, with a real CA and real requests: what it signs, what it refuses. */
class NodeCertificateServiceTest {

  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final ClusterCa ca = ClusterCa.generate("kafka0", NOW, Duration.ofDays(1825), random);
  private final AtomicReference<Optional<ClusterCa>> ready = new AtomicReference<>(Optional.of(ca));
  private final TaskSecretBook secrets = new TaskSecretBook(random);
  private final NodeTaskId taskId = NodeTaskId.next(NodeKind.BROKER, 1);
  private final NodeCertificateService.NodeTask task = new NodeCertificateService.NodeTask(
      taskId.toString(), "agent-1", taskId.executorId(), "agent-1.example", "broker 1");
  private final NodeCertificateService service = new NodeCertificateService("kafka0", ready::get,
      id -> id.equals(task.taskId()) ? Optional.of(task) : Optional.empty(), secrets,
      host -> host.equals("agent-1.example") ? List.of("10.0.0.5") : List.of(),
      Duration.ofDays(365), Clock.fixed(NOW, ZoneOffset.UTC), random);
  private final NodeRequestCheck.Sender fromTheTask = new NodeRequestCheck.Sender("agent-1",
      taskId.executorId());

  private CertificateMessages.Request request(String secret, KeyPair keys, String host, String ip) {
    return new CertificateMessages.Request(taskId.toString(), "r1", secret,
        Pem.request(NodeKeys.request(keys, host, ip)));
  }

  @Test
  void signsTheLaunchedTasksRequestUnderTheNodesSubjectWithTheAgentsNames() {
    String secret = secrets.issue(taskId.toString());
    KeyPair keys = NodeKeys.generate(random);

    CertificateMessages.Message answer = service.answer(
        request(secret, keys, "agent-1.example", "10.0.0.5").envelope().encode(), fromTheTask).orElseThrow();

    assertThat(answer).isInstanceOf(CertificateMessages.Issued.class);
    CertificateMessages.Issued issued = (CertificateMessages.Issued) answer;
    assertThat(issued.requestId()).isEqualTo("r1");
    List<X509Certificate> chain = Pem.parseCertificates(issued.chainPem());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(chain.get(0).getSubjectX500Principal()).isEqualTo(Principals.node("kafka0"));
    assertThat(chain.get(1)).isEqualTo(ca.certificate());
    assertThat(Pem.parseCertificates(issued.trustedPem())).containsExactly(ca.certificate());
    assertThat(chain.get(0).getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(issued.envelope().encode().length).isLessThan(16_000);
    assertThat(new String(issued.envelope().encode(), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void refusesAWrongSecretAnotherSenderAnUnknownTaskAndAForeignName() {
    String secret = secrets.issue(taskId.toString());
    KeyPair keys = NodeKeys.generate(random);
    assertThat(refusal(request("guessed", keys, "agent-1.example", "10.0.0.5"), fromTheTask))
        .contains("does not carry task");
    assertThat(refusal(request(secret, keys, "agent-1.example", "10.0.0.5"),
        new NodeRequestCheck.Sender("agent-2", taskId.executorId()))).contains("the request came from agent agent-2");
    assertThat(refusal(request(secret, keys, "agent-1.example", "10.0.0.9"), fromTheTask))
        .contains("names IP 10.0.0.9");
    assertThat(refusal(new CertificateMessages.Request("broker-7__x", "r1", secret,
        Pem.request(NodeKeys.request(keys, "agent-1.example", "10.0.0.5"))), fromTheTask))
        .contains("no node task broker-7__x is known");
  }

  @Test
  void theSecretIsBoundToTheFirstKeyCertified() {
    String secret = secrets.issue(taskId.toString());
    KeyPair first = NodeKeys.generate(random);
    assertThat(service.answer(request(secret, first, "agent-1.example", "10.0.0.5").envelope().encode(),
        fromTheTask).orElseThrow()).isInstanceOf(CertificateMessages.Issued.class);
    // a lost answer: the same key is answered again
    assertThat(service.answer(request(secret, first, "agent-1.example", "10.0.0.5").envelope().encode(),
        fromTheTask).orElseThrow()).isInstanceOf(CertificateMessages.Issued.class);
    assertThat(refusal(request(secret, NodeKeys.generate(random), "agent-1.example", "10.0.0.5"),
        fromTheTask)).contains("already used for another key");
  }

  @Test
  void waitsSilentlyForTheCaAndIgnoresOtherMessages() {
    String secret = secrets.issue(taskId.toString());
    ready.set(Optional.empty());
    assertThat(service.answer(request(secret, NodeKeys.generate(random), "agent-1.example", "10.0.0.5")
        .envelope().encode(), fromTheTask)).isEmpty();
    assertThat(service.answer("type=broker-metrics/1\nbroker.id=1\n".getBytes(), fromTheTask)).isEmpty();
    assertThat(service.answer(new byte[] {1, 2, 3}, fromTheTask)).isEmpty();
  }

  @Test
  void theLayoutGivesEachListenerAPortAndTheTaskItsSecret() {
    NodeTlsLayout layout = NodeTlsLayout.of("kafka0", new SecurityTarget(true, "SCRAM-SHA-512", true,
        List.of("User:admin"), false, 365, 30, 1825, false), false, secrets);
    assertThat(layout.ports(NodeKind.BROKER)).isEqualTo(2);
    NodeTaskId other = NodeTaskId.next(NodeKind.BROKER, 2);
    NodeTlsSpec spec = layout.spec(other, "agent-2.example", 31000).orElseThrow();
    assertThat(spec.properties())
        .containsEntry("listeners", "CLIENT://agent-2.example:31000,INTERNAL://agent-2.example:31001")
        .containsEntry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:SSL")
        .containsEntry("inter.broker.listener.name", "INTERNAL")
        .containsEntry("authorizer.class.name", ListenerConfig.ZOOKEEPER_AUTHORIZER)
        .containsEntry("super.users", "User:CN=kafka0-node,O=kafka-mesos;User:CN=kafka0-scheduler,"
            + "O=kafka-mesos;User:admin");
    assertThat(secrets.secretHash(other.toString())).contains(TaskSecrets.hash(spec.taskSecret()));

    NodeTlsLayout withPlaintext = NodeTlsLayout.of("kafka0", new SecurityTarget(true, "NONE", false,
        List.of(), true, 365, 30, 1825, false), false, secrets);
    assertThat(withPlaintext.ports(NodeKind.BROKER)).isEqualTo(3);
    assertThat(withPlaintext.spec(other, "h", 100).orElseThrow().properties().get("listeners"))
        .isEqualTo("PLAINTEXT://h:102,CLIENT://h:100,INTERNAL://h:101");
  }

  private String refusal(CertificateMessages.Request request, NodeRequestCheck.Sender sender) {
    CertificateMessages.Message answer = service.answer(request.envelope().encode(), sender).orElseThrow();
    assertThat(answer).isInstanceOf(CertificateMessages.Refused.class);
    return ((CertificateMessages.Refused) answer).reason();
  }
}
