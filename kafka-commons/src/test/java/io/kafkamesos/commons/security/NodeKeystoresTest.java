package io.kafkamesos.commons.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeystoresTest {

  private final Instant now = Instant.now();
  private final SecureRandom random = new SecureRandom();

  @TempDir
  Path dir;

  @Test
  void writesKeyAndChainAndTrustWithPasswordsTheStoresOpenWith() throws Exception {
    TestCa ca = new TestCa("cluster", now);
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate node = ca.sign(NodeKeys.request(keys, "localhost", "127.0.0.1"), now);

    NodeKeystores.Stores stores = NodeKeystores.write(dir.resolve("tls"), keys.getPrivate(),
        List.of(node, ca.certificate), List.of(ca.certificate), Date.from(now), random);

    KeyStore keystore = load(stores.keystore(), stores.keystorePassword());
    assertThat(keystore.getKey("node", stores.keystorePassword().toCharArray())).isEqualTo(keys.getPrivate());
    assertThat(keystore.getCertificateChain("node")).containsExactly(node, ca.certificate);
    KeyStore truststore = load(stores.truststore(), stores.truststorePassword());
    assertThat(truststore.getCertificate("ca-0")).isEqualTo(ca.certificate);
    assertThat(stores.keystorePassword()).isNotEqualTo(stores.truststorePassword()).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stores.keystore())))
        .isEqualTo("rw-------");
    assertThat(stores.toString()).doesNotContain(stores.keystorePassword());
  }

  @Test
  void answersTheKafkaPropertiesThatPointAtTheStores() throws Exception {
    TestCa ca = new TestCa("cluster", now);
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate node = ca.sign(NodeKeys.request(keys, "localhost", "127.0.0.1"), now);

    NodeKeystores.Stores stores = NodeKeystores.write(dir, keys.getPrivate(), List.of(node),
        List.of(ca.certificate), Date.from(now), random);

    assertThat(stores.kafkaProperties())
        .containsEntry("ssl.keystore.type", "PKCS12")
        .containsEntry("ssl.keystore.location", dir.resolve("node.keystore.p12").toAbsolutePath().toString())
        .containsEntry("ssl.keystore.password", stores.keystorePassword())
        .containsEntry("ssl.key.password", stores.keystorePassword())
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.location", dir.resolve("node.truststore.p12").toAbsolutePath().toString())
        .containsEntry("ssl.truststore.password", stores.truststorePassword());
  }

  @Test
  void refusesACertificateForAnotherKey() throws Exception {
    TestCa ca = new TestCa("cluster", now);
    KeyPair mine = NodeKeys.generate(random);
    X509Certificate theirs = ca.sign(NodeKeys.request(NodeKeys.generate(random), "h", "127.0.0.1"), now);

    assertThatThrownBy(() -> NodeKeystores.write(dir, mine.getPrivate(), List.of(theirs),
        List.of(ca.certificate), Date.from(now), random))
        .hasMessageContaining("is not for this node's key");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void refusesAChainFromAnotherCaOrOutOfItsValidity() throws Exception {
    TestCa ca = new TestCa("cluster", now);
    TestCa other = new TestCa("other", now);
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate node = ca.sign(NodeKeys.request(keys, "h", "127.0.0.1"), now);

    assertThatThrownBy(() -> NodeKeystores.write(dir, keys.getPrivate(), List.of(node),
        List.of(other.certificate), Date.from(now), random))
        .hasMessageContaining("does not lead to a trusted CA");
    assertThatThrownBy(() -> NodeKeystores.write(dir, keys.getPrivate(), List.of(node),
        List.of(ca.certificate), Date.from(now.plusSeconds(3 * 86400)), random))
        .hasMessageContaining("does not lead to a trusted CA");
  }

  @Test
  void trustsEveryCaItIsGiven() throws Exception {
    TestCa old = new TestCa("old", now);
    TestCa renewed = new TestCa("renewed", now);
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate node = renewed.sign(NodeKeys.request(keys, "h", "127.0.0.1"), now);

    NodeKeystores.Stores stores = NodeKeystores.write(dir, keys.getPrivate(), List.of(node),
        List.of(old.certificate, renewed.certificate), Date.from(now), random);

    KeyStore truststore = load(stores.truststore(), stores.truststorePassword());
    assertThat(truststore.size()).isEqualTo(2);
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }
}
