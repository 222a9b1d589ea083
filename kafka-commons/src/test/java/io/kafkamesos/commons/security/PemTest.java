package io.kafkamesos.commons.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {

  @Test
  void certificatesRoundTripInOrderWithCommentsBetween() throws Exception {
    TestCa first = new TestCa("first", Instant.now());
    TestCa second = new TestCa("second", Instant.now());

    String pem = "# the cluster's CAs\n" + Pem.certificates(List.of(first.certificate)) + "\nold one:\n"
        + Pem.certificates(List.of(second.certificate));

    assertThat(Pem.parseCertificates(pem)).containsExactly(first.certificate, second.certificate);
  }

  @Test
  void privateKeysInPkcs8AndOpenSslsOwnFormsAreRead() throws Exception {
    KeyPair ec = NodeKeys.generate(new SecureRandom());
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    KeyPair rsa = rsaGenerator.generateKeyPair();

    assertThat(Pem.parsePrivateKey(Pem.privateKey(ec.getPrivate()))).isEqualTo(ec.getPrivate());
    assertThat(Pem.parsePrivateKey(Pem.privateKey(rsa.getPrivate()))).isEqualTo(rsa.getPrivate());
    // openssl genrsa's "BEGIN RSA PRIVATE KEY" and ecparam -genkey's parameters + "BEGIN EC PRIVATE KEY"
    java.io.StringWriter traditional = new java.io.StringWriter();
    try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(traditional)) {
      writer.writeObject(rsa.getPrivate());
    }
    assertThat(traditional.toString()).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Pem.parsePrivateKey(traditional.toString())).isEqualTo(rsa.getPrivate());
    String ecWithParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + Pem.privateKey(ec.getPrivate());
    assertThat(Pem.parsePrivateKey(ecWithParameters)).isEqualTo(ec.getPrivate());
  }

  @Test
  void wrongContentIsNamedNeverEchoed() throws Exception {
    TestCa ca = new TestCa("ca", Instant.now());
    String cert = Pem.certificates(List.of(ca.certificate));
    String key = Pem.privateKey(ca.keys.getPrivate());

    assertThatThrownBy(() -> Pem.parseCertificates(key))
        .hasMessage("expected certificates, found a private key");
    assertThatThrownBy(() -> Pem.parsePrivateKey(cert))
        .hasMessage("expected an unencrypted private key, found a certificate");
    assertThatThrownBy(() -> Pem.parseCertificates("hello"))
        .hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> Pem.parsePrivateKey(key + key))
        .hasMessage("expected one PEM private key, found 2 blocks");
    String broken = key.replace(key.substring(40, 60), "!!!!!!!!!!!!!!!!!!!!");
    assertThatThrownBy(() -> Pem.parsePrivateKey(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.substring(70, 90)));
  }
}
