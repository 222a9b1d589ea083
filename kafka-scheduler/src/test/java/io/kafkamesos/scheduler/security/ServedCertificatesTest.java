package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.security.NodeKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Against real TLS servers on loopback: what one serves is read without a client certificate. */
class ServedCertificatesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final SecureRandom random = new SecureRandom();
  private final ClusterCa ca = ClusterCa.generate("kafka0", Instant.now(), Duration.ofDays(1825), random);

  @Test
  void readsTheLeafOfAListenerThatRequiresAClientCertificate() throws Exception {
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate node = ca.issue(keys.getPublic(), Principals.node("kafka0"),
        new SubjectNames(List.of("localhost"), List.of("127.0.0.1")), Instant.now(), Duration.ofDays(365), random);

    try (SSLServerSocket server = tlsServer(keys, node)) {
      Thread serving = serveOnce(server);

      X509Certificate served = ServedCertificates.read("127.0.0.1", server.getLocalPort(), TIMEOUT);

      assertThat(served).isEqualTo(node);
      serving.join(TIMEOUT.toMillis());
    }
  }

  @Test
  void aListenerThatSpeaksNoTlsIsAnIoErrorNamingNoCertificate() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> {
        try (Socket s = plain.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
          in.read();
          out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the client gave up first
        }
      });
      answering.start();

      assertThatThrownBy(() -> ServedCertificates.read("127.0.0.1", plain.getLocalPort(), TIMEOUT))
          .isInstanceOf(IOException.class);
      answering.join(TIMEOUT.toMillis());
    }
  }

  @Test
  void aClosedPortIsAnIoError() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    assertThatThrownBy(() -> ServedCertificates.read("127.0.0.1", port, TIMEOUT)).isInstanceOf(IOException.class);
  }

  private SSLServerSocket tlsServer(KeyPair keys, X509Certificate node) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "changeit".toCharArray();
    store.setKeyEntry("node", keys.getPrivate(), password, new Certificate[] {node, ca.certificate()});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, random);
    SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true); // as Kafka's INTERNAL and CONTROLLER listeners do
    return server;
  }

  private static Thread serveOnce(SSLServerSocket server) {
    Thread serving = new Thread(() -> {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        s.setSoTimeout((int) TIMEOUT.toMillis());
        s.startHandshake();
      } catch (IOException e) {
        // the client ends the handshake once it has the certificate
      }
    });
    serving.start();
    return serving;
  }
}
