package io.kafkamesos.executor.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.message.Envelope;
import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.NodeKeystores;
import io.kafkamesos.commons.security.NodeTlsSpec;
import io.kafkamesos.commons.security.Pem;
import java.io.FileInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateExchangeTest {

  @TempDir
  Path dir;

  private final ScheduledExecutorService actions = Executors.newSingleThreadScheduledExecutor();
  private final List<byte[]> sent = new CopyOnWriteArrayList<>();
  private final AtomicReference<Object> outcome = new AtomicReference<>();
  private final BrokerTaskSpec spec = new BrokerTaskSpec(1, "kafka0", "zk:2181/kafka0", "127.0.0.1",
      31000, 256, "kafka-data", "", Map.of());
  private final NodeTlsSpec tls = new NodeTlsSpec("the-secret", Map.of());

  @AfterEach
  void stop() {
    actions.shutdownNow();
  }

  @Test
  void writesKeyStoresFromTheAnswerToItsRequest() throws Exception {
    NodeCertificates.Pending pending = start(Duration.ofMinutes(1));
    CertificateMessages.Request request = request(0);
    assertThat(request.taskSecret()).isEqualTo("the-secret");
    assertThat(request.taskId()).isEqualTo("task-1");

    Ca ca = new Ca();
    X509Certificate node = ca.sign(request);
    // an answer to another request is not this exchange's
    assertThat(onActions(() -> pending.received(new CertificateMessages.Issued("task-1", "other",
        Pem.certificates(List.of(node)), Pem.certificates(List.of(ca.certificate))).envelope().encode())))
        .isFalse();
    assertThat(onActions(() -> pending.received(new CertificateMessages.Issued("task-1",
        request.requestId(), Pem.certificates(List.of(node, ca.certificate)),
        Pem.certificates(List.of(ca.certificate))).envelope().encode()))).isTrue();

    NodeKeystores.Stores stores = (NodeKeystores.Stores) outcome.get();
    KeyStore keystore = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(stores.keystore().toFile())) {
      keystore.load(in, stores.keystorePassword().toCharArray());
    }
    assertThat(keystore.getCertificate("node")).isEqualTo(node);
    assertThat(stores.keystore().getParent()).isEqualTo(dir);
    // the key never went anywhere else: the request holds the public key only
    assertThat(new String(sent.get(0), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void sendsItsRequestAgainUntilAnswered() throws Exception {
    NodeCertificates.Pending pending = start(Duration.ofMillis(50));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sent.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sent.size()).isGreaterThanOrEqualTo(3);
    assertThat(request(2).requestId()).isEqualTo(request(0).requestId());
    assertThat(request(2).csrPem()).isEqualTo(request(0).csrPem());

    onActions(() -> pending.received(new CertificateMessages.Refused("task-1", request(0).requestId(),
        "no such task").envelope().encode()));
    assertThat(outcome.get()).isEqualTo("the scheduler refused the node's certificate request: no such task");
    int after = sent.size();
    Thread.sleep(300);
    assertThat(sent.size()).as("no request after the answer").isLessThanOrEqualTo(after + 1);
  }

  @Test
  void aChainForAnotherKeyFailsTheNode() throws Exception {
    NodeCertificates.Pending pending = start(Duration.ofMinutes(1));
    Ca ca = new Ca();
    KeyPair other = NodeKeys.generate(new SecureRandom());
    X509Certificate foreign = ca.sign(new CertificateMessages.Request("task-1", "x", "s",
        Pem.request(NodeKeys.request(other, "127.0.0.1", "127.0.0.1"))));
    onActions(() -> pending.received(new CertificateMessages.Issued("task-1", request(0).requestId(),
        Pem.certificates(List.of(foreign)), Pem.certificates(List.of(ca.certificate))).envelope().encode()));
    assertThat((String) outcome.get()).startsWith("the node's certificate cannot be used")
        .contains("not for this node's key");
    assertThat(Files.exists(dir.resolve(NodeKeystores.KEYSTORE_FILE))).isFalse();
  }

  private NodeCertificates.Pending start(Duration resend) throws Exception {
    CertificateExchange exchange = new CertificateExchange(dir, sent::add, actions, resend,
        Clock.systemUTC(), new SecureRandom());
    return onActions(() -> exchange.request("task-1", spec, tls, new NodeCertificates.Outcome() {
      @Override
      public void certified(NodeKeystores.Stores stores) {
        outcome.set(stores);
      }

      @Override
      public void failed(String reason) {
        outcome.set(reason);
      }
    }));
  }

  private <T> T onActions(java.util.concurrent.Callable<T> call) throws Exception {
    return actions.submit(call).get(10, TimeUnit.SECONDS);
  }

  private CertificateMessages.Request request(int i) {
    return (CertificateMessages.Request) Envelope.decode(sent.get(i))
        .flatMap(CertificateMessages::read).orElseThrow();
  }

  /** A bare CA for the test (the scheduler's is ClusterCa). */
  private static final class Ca {
    final KeyPair keys = NodeKeys.generate(new SecureRandom());
    final X509Certificate certificate;

    Ca() throws Exception {
      Instant now = Instant.now();
      X500Principal subject = new X500Principal("CN=test CA");
      certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
          subject, BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
          subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    X509Certificate sign(CertificateMessages.Request request) throws Exception {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(
          Pem.parseRequest(request.csrPem()));
      Instant now = Instant.now();
      return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
          certificate, BigInteger.TWO, Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(600)),
          new X500Principal("CN=kafka0-node"), csr.getPublicKey())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
  }
}
