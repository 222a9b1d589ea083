package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty HTTPS connector on loopback with the API's certificate: the stand-in until the CA
 * is ready, then the CA's, reloaded into the running connector, which a client trusting only the
 * CA accepts with its host name checked.
 */
class ApiCertificateTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final SecureRandom random = new SecureRandom();
  // the JDK's client checks validity against the real time: the test's clock starts in the past
  // so that what it issues after moving on is valid now
  private final MutableClock clock = new MutableClock(
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(Duration.ofDays(11)));
  private final TlsPolicy policy = new TlsPolicy(Duration.ofDays(20), Duration.ofDays(5), Duration.ofDays(1825));
  private final ClusterCa ca = ClusterCa.generate("kafka0", clock.instant(), Duration.ofDays(1825), random);
  private ApiCertificate certificate;
  private Server server;
  private int port;

  @BeforeEach
  void serve() throws Exception {
    certificate = new ApiCertificate("kafka0", "127.0.0.1", policy, clock, random);
    SslContextFactory.Server tls = new SslContextFactory.Server();
    certificate.attach(tls);
    server = new Server();
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
        return true;
      }
    });
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void beforeTheCaIsReadyTheStandInIsServedAndAClientTrustingTheCaRefusesIt() throws Exception {
    X509Certificate served = ServedCertificates.read("127.0.0.1", port, TIMEOUT);

    assertThat(served).isEqualTo(certificate.served());
    assertThat(served.getSubjectX500Principal().getName()).contains("self-signed");
    assertThat(served.getIssuerX500Principal()).isEqualTo(served.getSubjectX500Principal());
    assertThatThrownBy(() -> get("localhost", trusting(ca))).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void onceRefreshedWithTheCaTheRunningConnectorServesItsCertificateForTheHost() throws Exception {
    assertThat(certificate.refresh(ca)).isTrue();

    X509Certificate served = ServedCertificates.read("127.0.0.1", port, TIMEOUT);
    assertThat(served).isEqualTo(certificate.served());
    served.verify(ca.certificate().getPublicKey());
    assertThat(served.getSubjectX500Principal()).isEqualTo(Principals.api("kafka0"));
    // a server certificate only: the API's key cannot pose as a Kafka client of the cluster
    assertThat(served.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(served.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(20)));
    // the JDK's client checks the host name against the certificate's names
    assertThat(get("localhost", trusting(ca))).isEqualTo("ok");
    assertThat(get("127.0.0.1", trusting(ca))).isEqualTo("ok");
    assertThat(certificate.refresh(ca)).as("the one served is of this CA and not due").isFalse();
    assertThat(ServedCertificates.read("127.0.0.1", port, TIMEOUT)).isEqualTo(served);
  }

  @Test
  void aDueCertificateOrAnotherCaBringsANewOne() throws Exception {
    certificate.refresh(ca);
    X509Certificate first = ServedCertificates.read("127.0.0.1", port, TIMEOUT);

    clock.advance(Duration.ofDays(9)); // before half of its 20 days and before its 5-day window
    assertThat(certificate.refresh(ca)).isFalse();
    clock.advance(Duration.ofDays(1).plusMinutes(1)); // past half of its life
    assertThat(certificate.refresh(ca)).isTrue();
    X509Certificate second = ServedCertificates.read("127.0.0.1", port, TIMEOUT);
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(second.getNotAfter()).isAfter(first.getNotAfter());

    ClusterCa other = ClusterCa.generate("kafka0", clock.instant(), Duration.ofDays(1825), random);
    assertThat(certificate.refresh(other)).as("the CA changed").isTrue();
    ServedCertificates.read("127.0.0.1", port, TIMEOUT).verify(other.certificate().getPublicKey());
    assertThat(get("localhost", trusting(other))).isEqualTo("ok");
    assertThatThrownBy(() -> get("localhost", trusting(ca))).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void theNamesAreTheHostAndForLoopbackLocalhostToo() {
    assertThat(ApiCertificate.namesOf("10.1.2.3"))
        .isEqualTo(new SubjectNames(List.of(), List.of("10.1.2.3")));
    SubjectNames loopback = ApiCertificate.namesOf("127.0.0.1");
    assertThat(loopback.dnsNames()).containsExactly("localhost");
    assertThat(loopback.ipAddresses()).containsExactly("127.0.0.1");
    SubjectNames name = ApiCertificate.namesOf("localhost");
    assertThat(name.dnsNames()).containsExactly("localhost");
    assertThat(name.ipAddresses()).contains("127.0.0.1");
  }

  private String get(String host, SSLContext trust) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(TIMEOUT).build();
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
        URI.create("https://" + host + ":" + port + "/")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    return answer.body();
  }

  private static SSLContext trusting(ClusterCa authority) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", authority.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
