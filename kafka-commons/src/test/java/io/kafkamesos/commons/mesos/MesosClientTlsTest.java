package io.kafkamesos.commons.mesos;

import static io.kafkamesos.commons.mesos.MesosClientTest.await;
import static io.kafkamesos.commons.mesos.MesosClientTest.listener;
import static io.kafkamesos.commons.mesos.MesosClientTest.revive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https master whose certificate a test CA signed for {@code localhost}: trusted through a PEM
 * bundle holding that CA, refused without it, and refused under a name the certificate lacks.
 */
class MesosClientTlsTest {

  @TempDir
  static Path dir;
  private static TestCertificates certificates;
  private static TestMaster master;
  private MesosClient<Call, Event> client;

  @BeforeAll
  static void startMaster() throws Exception {
    certificates = new TestCertificates(dir, "dns:localhost");
    master = new TestMaster(certificates.masterContext());
  }

  @AfterAll
  static void stopMaster() {
    if (master != null) {
      master.close();
    }
  }

  @AfterEach
  void stopClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void trustsTheMasterThroughTheCaBundle() throws Exception {
    Path bundle = certificates.bundle(dir.resolve("bundle.pem"), certificates.otherCaPem, certificates.caPem);
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(master.url("localhost"), TlsTrust.trusting(bundle), events::add, new CopyOnWriteArrayList<>());

    await(() -> !events.isEmpty());
    client.send(revive());

    assertThat(client.status().master()).contains("https://localhost:" + master.port());
    assertThat(master.requests(Call.Type.REVIVE)).isNotEmpty();
  }

  @Test
  void refusesAMasterSignedByAnotherAuthority() throws Exception {
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = client(master.url("localhost"), TlsTrust.trusting(certificates.otherCaPem), e -> { }, disconnects);

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).startsWith("TLS with https://localhost:" + master.port() + " failed: ");
    assertThat(client.isConnected()).isFalse();
  }

  @Test
  void refusesAMasterWithoutTheBundleThroughTheJdksDefaultTrust() throws Exception {
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = client(master.url("localhost"), null, e -> { }, disconnects);

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).startsWith("TLS with https://localhost:");
  }

  @Test
  void verifiesTheMastersHostName() throws Exception {
    List<String> disconnects = new CopyOnWriteArrayList<>();
    // the certificate names localhost, not 127.0.0.1
    client = client(master.url("127.0.0.1"), TlsTrust.trusting(certificates.caPem), e -> { }, disconnects);

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).startsWith("TLS with https://127.0.0.1:" + master.port() + " failed: ")
        .contains("127.0.0.1");
    assertThat(master.requests).isEmpty();
  }

  @Test
  void refusesAFileWithoutACertificate() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

    assertThatThrownBy(() -> TlsTrust.trusting(notPem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no PEM certificate");
    assertThatThrownBy(() -> TlsTrust.trusting(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void findsTheCertificatesOfADirectory() throws Exception {
    Path cas = Files.createDirectories(dir.resolve("cas"));
    Files.copy(certificates.caPem, cas.resolve("a1b2c3d4.0"));
    Files.writeString(cas.resolve("README"), "not a certificate");

    assertThat(TlsTrust.certificateFiles(cas)).containsExactly(cas.resolve("a1b2c3d4.0"));
  }

  private static MesosClient<Call, Event> client(String url, SSLContext tls,
      java.util.function.Consumer<Event> onEvent, List<String> disconnects) {
    return MesosClient.builder(url, MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(onEvent, disconnects))
        .sslContext(tls)
        .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5))
        .build()
        .start();
  }
}
