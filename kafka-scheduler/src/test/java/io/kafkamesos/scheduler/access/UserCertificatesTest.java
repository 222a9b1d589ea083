package io.kafkamesos.scheduler.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.Pem;
import io.kafkamesos.scheduler.security.Authentication;
import io.kafkamesos.scheduler.security.ClusterCa;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.SecurityTarget;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class UserCertificatesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ClusterCa CA = ClusterCa.generate("kafka0", NOW, Duration.ofDays(3650), RANDOM);
  private static final SecurityTarget MTLS = target(true, Authentication.MTLS);

  private static SecurityTarget target(boolean tls, Authentication authentication) {
    return new SecurityTarget(tls, authentication.option(), true, List.of(), false, 365, 30, 3650,
        false);
  }

  private static UserCertificates service(SecurityTarget target, ClusterCaService.State state) {
    return new UserCertificates(target, () -> state, CA::certificatePem, Clock.fixed(NOW, ZoneOffset.UTC),
        RANDOM);
  }

  private static String request(X500Principal asked, KeyPair keys, PrivateKey signer) throws Exception {
    return Pem.request(new JcaPKCS10CertificationRequestBuilder(asked, keys.getPublic())
        .build(new JcaContentSignerBuilder(NodeKeys.SIGNATURE_ALGORITHM).build(signer)));
  }

  @Test
  void signsTheUsersOwnKeyAsAClientOfCnUserWhateverTheRequestAsked() throws Exception {
    KeyPair alice = NodeKeys.generate(RANDOM);
    // a request asking for the nodes' super-user subject gets the user's subject all the same
    String csr = request(new X500Principal("CN=kafka0-node,O=kafka-mesos"), alice, alice.getPrivate());

    UserCertificates.Issued issued = service(MTLS, new ClusterCaService.State.Ready(CA)).issue("alice", csr);

    assertThat(issued.user()).isEqualTo("alice");
    assertThat(issued.principal()).isEqualTo("User:CN=alice");
    assertThat(issued.ca()).isEqualTo(CA.certificatePem());
    X509Certificate certificate = Pem.parseCertificates(issued.certificate()).get(0);
    assertThat(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).isEqualTo("CN=alice");
    assertThat(certificate.getPublicKey()).isEqualTo(alice.getPublic());
    certificate.verify(CA.certificate().getPublicKey());
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth only
    assertThat(certificate.getSubjectAlternativeNames()).isNull();
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(issued.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
  }

  @Test
  void aRequestThatIsNotSignedByItsKeyOrHasAWeakKeyIsA400() throws Exception {
    UserCertificates certificates = service(MTLS, new ClusterCaService.State.Ready(CA));
    KeyPair alice = NodeKeys.generate(RANDOM);
    KeyPair mallory = NodeKeys.generate(RANDOM);
    refused(() -> certificates.issue("alice", request(new X500Principal("CN=alice"), alice, mallory.getPrivate())),
        AccessException.Kind.BAD_REQUEST, "signature does not match its key");

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024, RANDOM);
    KeyPair weak = rsa.generateKeyPair();
    refused(() -> certificates.issue("alice", Pem.request(new JcaPKCS10CertificationRequestBuilder(
            new X500Principal("CN=alice"), weak.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(weak.getPrivate())))),
        AccessException.Kind.BAD_REQUEST, "key is refused");

    refused(() -> certificates.issue("alice", ""), AccessException.Kind.BAD_REQUEST,
        "the body must be a PEM certificate request");
    refused(() -> certificates.issue("alice", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
        + "-----END CERTIFICATE REQUEST-----\n"), AccessException.Kind.BAD_REQUEST, "cannot be read");
    String good = request(new X500Principal("CN=x"), alice, alice.getPrivate());
    refused(() -> certificates.issue("CN=admin,O=kafka-mesos", good), AccessException.Kind.BAD_REQUEST,
        "invalid name");
  }

  @Test
  void onlyAnMtlsClusterWithItsCaReadySignsUserCertificates() throws Exception {
    KeyPair alice = NodeKeys.generate(RANDOM);
    String csr = request(new X500Principal("CN=alice"), alice, alice.getPrivate());
    refused(() -> service(target(false, Authentication.NONE), new ClusterCaService.State.Off()).issue("alice", csr),
        AccessException.Kind.CONFLICT, "runs without TLS");
    refused(() -> service(target(true, Authentication.SCRAM_SHA_512), new ClusterCaService.State.Ready(CA))
            .issue("alice", csr),
        AccessException.Kind.CONFLICT, "AUTHENTICATION is SCRAM-SHA-512, not MTLS");
    refused(() -> service(target(true, Authentication.NONE), new ClusterCaService.State.Ready(CA))
            .issue("alice", csr),
        AccessException.Kind.CONFLICT, "AUTHENTICATION is NONE, not MTLS");
    refused(() -> service(MTLS, new ClusterCaService.State.Pending("ZooKeeper is not reachable"))
            .issue("alice", csr),
        AccessException.Kind.UNAVAILABLE, "the cluster CA cannot sign yet: ZooKeeper is not reachable");
  }

  private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
      AccessException.Kind kind, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AccessException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(message);
    });
  }
}
