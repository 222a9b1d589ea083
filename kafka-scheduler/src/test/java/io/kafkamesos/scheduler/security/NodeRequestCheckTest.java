package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.Pem;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class NodeRequestCheckTest {

  private final SecureRandom random = new SecureRandom();
  private final String secret = TaskSecrets.generate(random);
  private final KeyPair keys = NodeKeys.generate(random);
  private final NodeRequestCheck.ExpectedNode expected = new NodeRequestCheck.ExpectedNode("broker-0__a",
      "agent-1", "broker-0__a", "agent-1.example", List.of("10.0.0.5"), TaskSecrets.hash(secret), null);
  private final NodeRequestCheck.Sender sender = new NodeRequestCheck.Sender("agent-1", "broker-0__a");

  private CertificateMessages.Request request(String taskSecret, String csrPem) {
    return new CertificateMessages.Request("broker-0__a", "r1", taskSecret, csrPem);
  }

  private String csr(String host, String ip) {
    return Pem.request(NodeKeys.request(keys, host, ip));
  }

  @Test
  void signsTheRequestOfTheTaskFromItsAgentForItsNames() {
    NodeRequestCheck.Verdict verdict = NodeRequestCheck.check(
        request(secret, csr("agent-1.example", "10.0.0.5")), expected, sender);

    assertThat(verdict).isInstanceOfSatisfying(NodeRequestCheck.Sign.class, sign -> {
      assertThat(sign.key()).isEqualTo(keys.getPublic());
      assertThat(sign.names()).isEqualTo(new SubjectNames(List.of("agent-1.example"), List.of("10.0.0.5")));
      assertThat(sign.fingerprint()).isEqualTo(NodeRequestCheck.fingerprint(keys.getPublic()));
    });
  }

  @Test
  void refusesAnUnknownTask() {
    assertRefused(NodeRequestCheck.check(request(secret, csr("agent-1.example", "10.0.0.5")), null, sender),
        "no node task broker-0__a is known");
  }

  @Test
  void refusesARequestFromAnotherAgentOrExecutor() {
    assertRefused(NodeRequestCheck.check(request(secret, csr("agent-1.example", "10.0.0.5")), expected,
        new NodeRequestCheck.Sender("agent-2", "broker-0__a")), "the request came from agent agent-2");
    assertRefused(NodeRequestCheck.check(request(secret, csr("agent-1.example", "10.0.0.5")), expected,
        new NodeRequestCheck.Sender("agent-1", "broker-1__b")), "executor broker-1__b");
  }

  @Test
  void refusesAWrongSecretWithoutSayingIt() {
    String wrong = TaskSecrets.generate(random);

    NodeRequestCheck.Verdict verdict = NodeRequestCheck.check(request(wrong, csr("agent-1.example", "10.0.0.5")),
        expected, sender);

    assertRefused(verdict, "does not carry task broker-0__a's secret");
    assertThat(((NodeRequestCheck.Refuse) verdict).reason()).doesNotContain(wrong).doesNotContain(secret);
  }

  @Test
  void refusesNamesOtherThanTheAgentsAndRequiresItsHost() {
    assertRefused(NodeRequestCheck.check(request(secret, csr("kafka.example", "10.0.0.5")), expected, sender),
        "must name the agent's host agent-1.example");
    assertRefused(NodeRequestCheck.check(request(secret, csr("agent-1.example", "10.0.0.6")), expected, sender),
        "names IP 10.0.0.6");
  }

  @Test
  void refusesExtraHostsBesideTheAgents() throws Exception {
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "agent-1.example"), new GeneralName(GeneralName.dNSName, "*.example")}));
    String pem = Pem.request(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=x"), keys.getPublic())
        .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

    assertRefused(NodeRequestCheck.check(request(secret, pem), expected, sender), "names host *.example");
  }

  @Test
  void refusesARequestSignedWithAnotherKey() throws Exception {
    KeyPair other = NodeKeys.generate(random);
    String forged = Pem.request(new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=x"), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate())));

    assertRefused(NodeRequestCheck.check(request(secret, forged), expected, sender), "signature does not verify");
  }

  @Test
  void refusesGarbage() {
    assertRefused(NodeRequestCheck.check(request(secret, "not pem"), expected, sender), "certificate request");
  }

  @Test
  void theSecretIsBoundToTheFirstKeyCertified() {
    NodeRequestCheck.ExpectedNode certified = new NodeRequestCheck.ExpectedNode(expected.taskId(),
        expected.agentId(), expected.executorId(), expected.hostname(), expected.ipAddresses(),
        expected.secretHash(), NodeRequestCheck.fingerprint(keys.getPublic()));
    KeyPair second = NodeKeys.generate(random);

    assertThat(NodeRequestCheck.check(request(secret, csr("agent-1.example", "10.0.0.5")), certified, sender))
        .as("the same key again: the answer may have been lost").isInstanceOf(NodeRequestCheck.Sign.class);
    assertRefused(NodeRequestCheck.check(request(secret,
        Pem.request(NodeKeys.request(second, "agent-1.example", "10.0.0.5"))), certified, sender),
        "already used for another key");
  }

  private static void assertRefused(NodeRequestCheck.Verdict verdict, String reason) {
    assertThat(verdict).isInstanceOfSatisfying(NodeRequestCheck.Refuse.class,
        refuse -> assertThat(refuse.reason()).contains(reason));
  }
}
