package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.message.Envelope;
import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.NodeKeystores;
import io.kafkamesos.commons.security.Pem;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole certificate path without Mesos: the executor's key and request, the messages as bytes,
 * the scheduler's check and signature, the executor's key stores, and a real TLS handshake (with
 * client certificates) between a server on those stores and a client that trusts only the CA and
 * verifies the host name.
 */
class CertificateRoundTripTest {

  private final SecureRandom random = new SecureRandom();
  private final Instant now = Instant.now();
  private final ClusterCa ca = ClusterCa.generate("kafka0", now, Duration.ofDays(30), random);

  @TempDir
  Path sandbox;

  @Test
  void csrSignedByTheClusterCaBecomesAKeystoreThatAClientTrustingOnlyTheCaAccepts() throws Exception {
    NodeKeystores.Stores node = nodeStores("localhost", "127.0.0.1", "localhost");
    SSLContext client = clientContext(ca);

    try (SSLServerSocket server = server(node)) {
      CompletableFuture<String> seen = serveOnce(server);

      String answer = talk(client, "localhost", server.getLocalPort());

      assertThat(answer).isEqualTo("server is CN=kafka0-node,O=kafka-mesos");
      assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo("client is CN=kafka0-scheduler,O=kafka-mesos");
    }
  }

  @Test
  void aClientVerifyingAnotherHostNameRefusesTheNode() throws Exception {
    // the node certificate names agent-9.example only; the client dials it as localhost
    NodeKeystores.Stores node = nodeStores("agent-9.example", "10.9.9.9", "agent-9.example");

    try (SSLServerSocket server = server(node)) {
      serveOnce(server);

      assertThatThrownBy(() -> talk(clientContext(ca), "localhost", server.getLocalPort()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("localhost");
    }
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheNode() throws Exception {
    NodeKeystores.Stores node = nodeStores("localhost", "127.0.0.1", "localhost");
    ClusterCa other = ClusterCa.generate("other", now, Duration.ofDays(30), random);

    try (SSLServerSocket server = server(node)) {
      serveOnce(server);

      assertThatThrownBy(() -> talk(clientContext(other), "localhost", server.getLocalPort()))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  /** The exchange as executor and scheduler will run it, with the messages going through bytes. */
  private NodeKeystores.Stores nodeStores(String host, String ip, String agentHost) throws Exception {
    // executor: key and request
    KeyPair keys = NodeKeys.generate(random);
    String secret = TaskSecrets.generate(random);
    byte[] requestBytes = new CertificateMessages.Request("broker-0__a", "r1", secret,
        Pem.request(NodeKeys.request(keys, host, ip))).envelope().encode();

    // scheduler: check and sign
    CertificateMessages.Request received = (CertificateMessages.Request) CertificateMessages
        .read(Envelope.decode(requestBytes).orElseThrow()).orElseThrow();
    NodeRequestCheck.Verdict verdict = NodeRequestCheck.check(received,
        new NodeRequestCheck.ExpectedNode("broker-0__a", "agent-1", "broker-0__a", agentHost,
            List.of(ip), TaskSecrets.hash(secret), null),
        new NodeRequestCheck.Sender("agent-1", "broker-0__a"));
    NodeRequestCheck.Sign sign = (NodeRequestCheck.Sign) verdict;
    X509Certificate certificate = ca.issue(sign.key(), Principals.node("kafka0"), sign.names(), now,
        Duration.ofDays(7), random);
    byte[] replyBytes = new CertificateMessages.Issued(received.taskId(), received.requestId(),
        Pem.certificates(List.of(certificate, ca.certificate())), ca.certificatePem())
        .envelope().encode();

    // executor: the stores
    CertificateMessages.Issued issued = (CertificateMessages.Issued) CertificateMessages
        .read(Envelope.decode(replyBytes).orElseThrow()).orElseThrow();
    NodeKeystores.Stores stores = NodeKeystores.write(sandbox.resolve("tls-" + host), keys.getPrivate(),
        Pem.parseCertificates(issued.chainPem()), Pem.parseCertificates(issued.trustedPem()),
        Date.from(now), random);
    assertThat(Files.readAllBytes(stores.keystore())).isNotEmpty();
    return stores;
  }

  /** A server as a broker's SSL listener with ssl.client.auth=required would be. */
  private static SSLServerSocket server(NodeKeystores.Stores stores) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(stores.keystore(), stores.keystorePassword()), stores.keystorePassword().toCharArray());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(stores.truststore(), stores.truststorePassword()));
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    server.setNeedClientAuth(true);
    server.setSoTimeout(30_000);
    return server;
  }

  private static CompletableFuture<String> serveOnce(SSLServerSocket server) {
    return CompletableFuture.supplyAsync(() -> {
      try (SSLSocket socket = (SSLSocket) server.accept()) {
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        String client = ((X509Certificate) socket.getSession().getPeerCertificates()[0])
            .getSubjectX500Principal().getName();
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        String server2 = ((X509Certificate) socket.getSession().getLocalCertificates()[0])
            .getSubjectX500Principal().getName();
        out.println("server is " + server2);
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        return "client is " + client;
      } catch (Exception e) {
        return "failed: " + e;
      }
    });
  }

  /** A client as the scheduler's admin client will be: its own certificate, only the CA trusted. */
  private SSLContext clientContext(ClusterCa trusted) throws Exception {
    KeyPair keys = NodeKeys.generate(random);
    X509Certificate certificate = ca.issue(keys.getPublic(), Principals.scheduler("kafka0"),
        SubjectNames.none(), now, Duration.ofDays(1), random);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("scheduler", keys.getPrivate(), "p".toCharArray(),
        new X509Certificate[] {certificate, ca.certificate()});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, "p".toCharArray());
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("ca", trusted.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  /** Connects to 127.0.0.1 but verifies the server as {@code host}, as Kafka's clients do (https). */
  private static String talk(SSLContext context, String host, int port) throws Exception {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
      socket.setSoTimeout(30_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8).println("bye");
      return line;
    }
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }
}
