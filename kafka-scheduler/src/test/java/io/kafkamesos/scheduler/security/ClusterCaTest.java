package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class ClusterCaTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final SecureRandom random = new SecureRandom();
  private final ClusterCa ca = ClusterCa.generate("kafka0", NOW, Duration.ofDays(1825), random);

  @Test
  void generatedCaIsASelfSignedCaValidForItsDays() throws Exception {
    X509Certificate certificate = ca.certificate();

    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=kafka0 cluster CA,O=kafka-mesos");
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getBasicConstraints()).isEqualTo(0);
    assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(ClusterCa.BACKDATE));
    assertThat(ca.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(1825)));
    assertThat(ca.origin()).isEqualTo(ClusterCa.Origin.GENERATED);
  }

  @Test
  void issuesANodeCertificateForTlsServersAndClientsWithTheGivenNames() throws Exception {
    KeyPair node = NodeKeys.generate(random);

    X509Certificate certificate = ca.issue(node.getPublic(), Principals.node("kafka0"),
        new SubjectNames(List.of("agent-1.example"), List.of("10.0.0.5")), NOW, Duration.ofDays(365), random);

    certificate.verify(ca.certificate().getPublicKey());
    assertThat(certificate.getPublicKey()).isEqualTo(node.getPublic());
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=kafka0-node,O=kafka-mesos");
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(certificate.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    assertThat(names).containsExactlyInAnyOrder(List.of(2, "agent-1.example"), List.of(7, "10.0.0.5"));
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
  }

  @Test
  void aCertificateNeverOutlivesItsCa() {
    ClusterCa shortCa = ClusterCa.generate("kafka0", NOW, Duration.ofDays(100), random);

    X509Certificate certificate = shortCa.issue(NodeKeys.generate(random).getPublic(),
        Principals.node("kafka0"), SubjectNames.none(), NOW, Duration.ofDays(365), random);

    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(shortCa.notAfter());
    assertThatThrownBy(() -> shortCa.issue(NodeKeys.generate(random).getPublic(),
        Principals.node("kafka0"), SubjectNames.none(), NOW.plus(Duration.ofDays(101)),
        Duration.ofDays(365), random))
        .hasMessageContaining("expired");
  }

  @Test
  void serialsDiffer() {
    KeyPair node = NodeKeys.generate(random);
    X509Certificate a = ca.issue(node.getPublic(), Principals.node("k"), SubjectNames.none(), NOW, Duration.ofDays(1), random);
    X509Certificate b = ca.issue(node.getPublic(), Principals.node("k"), SubjectNames.none(), NOW, Duration.ofDays(1), random);

    assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber()).isPositive();
  }

  @Test
  void refusesWeakOrUnknownKeys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    KeyPairGenerator p521 = KeyPairGenerator.getInstance("EC");
    p521.initialize(new ECGenParameterSpec("secp521r1"));

    assertThatThrownBy(() -> ca.issue(rsa.generateKeyPair().getPublic(), Principals.node("k"),
        SubjectNames.none(), NOW, Duration.ofDays(1), random)).hasMessageContaining("RSA keys of 1024 bits");
    assertThatThrownBy(() -> ca.issue(ed.generateKeyPair().getPublic(), Principals.node("k"),
        SubjectNames.none(), NOW, Duration.ofDays(1), random)).hasMessageContaining("EdDSA keys are not signed");
    assertThatThrownBy(() -> ca.issue(p521.generateKeyPair().getPublic(), Principals.node("k"),
        SubjectNames.none(), NOW, Duration.ofDays(1), random)).hasMessageContaining("521 bits");
  }

  @Test
  void roundTripsThroughPemAsTheStoreKeepsIt() throws Exception {
    ClusterCa loaded = ClusterCa.fromPem(ca.certificatePem(), ca.keyPem(), ClusterCa.Origin.GENERATED, NOW);

    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    X509Certificate issued = loaded.issue(NodeKeys.generate(random).getPublic(), Principals.node("kafka0"),
        SubjectNames.none(), NOW, Duration.ofDays(1), random);
    issued.verify(ca.certificate().getPublicKey());
  }

  @Test
  void loadsTheOperatorsOwnRsaCa() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair keys = rsa.generateKeyPair();
    X509Certificate own = selfSigned(keys, true);

    ClusterCa operator = ClusterCa.fromPem(Pem.certificates(List.of(own)), Pem.privateKey(keys.getPrivate()),
        ClusterCa.Origin.OPERATOR, NOW);

    assertThat(operator.origin()).isEqualTo(ClusterCa.Origin.OPERATOR);
    X509Certificate issued = operator.issue(NodeKeys.generate(random).getPublic(), Principals.node("kafka0"),
        SubjectNames.none(), NOW, Duration.ofDays(1), random);
    issued.verify(own.getPublicKey());
    assertThat(issued.getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void refusesAnOperatorCaThatCannotBeOne() throws Exception {
    KeyPair keys = NodeKeys.generate(random);
    KeyPair other = NodeKeys.generate(random);
    String caPem = Pem.certificates(List.of(selfSigned(keys, true)));
    String leafPem = Pem.certificates(List.of(selfSigned(keys, false)));
    String keyPem = Pem.privateKey(keys.getPrivate());

    assertThatThrownBy(() -> ClusterCa.fromPem(leafPem, keyPem, ClusterCa.Origin.OPERATOR, NOW))
        .hasMessageContaining("is not a CA's");
    assertThatThrownBy(() -> ClusterCa.fromPem(caPem, Pem.privateKey(other.getPrivate()), ClusterCa.Origin.OPERATOR, NOW))
        .hasMessageContaining("is not the key of the certificate");
    assertThatThrownBy(() -> ClusterCa.fromPem(caPem, keyPem, ClusterCa.Origin.OPERATOR, NOW.plus(Duration.ofDays(40))))
        .hasMessageContaining("is not valid now");
    assertThatThrownBy(() -> ClusterCa.fromPem(caPem + caPem, keyPem, ClusterCa.Origin.OPERATOR, NOW))
        .hasMessageContaining("holds 2 certificates");
  }

  @Test
  void toStringNeverShowsTheKey() {
    String keyBody = ca.keyPem().split("\n")[1];

    assertThat(ca.toString()).contains("kafka0 cluster CA").doesNotContain(keyBody);
  }

  private X509Certificate selfSigned(KeyPair keys, boolean isCa) throws Exception {
    X500Principal name = new X500Principal("CN=Operator CA,O=Example");
    var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
        java.util.Date.from(NOW.minusSeconds(60)), java.util.Date.from(NOW.plus(Duration.ofDays(30))), name, keys.getPublic());
    if (isCa) {
      builder.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
          new org.bouncycastle.asn1.x509.BasicConstraints(true));
    }
    String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
        new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
  }
}
