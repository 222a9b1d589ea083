package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code /service/<name>/} proxy passes a framework's answers on as they come: the first part
 * of an answer that is still being written reaches the client before the web UI finishes, and a
 * long answer of known length arrives whole, with its length; a web UI that serves HTTPS is
 * reached over TLS.
 */
class ServiceProxyIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(c -> c.withAgents(1));

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer webUi;
  private final byte[] large = new byte[3 * 1024 * 1024];

  @BeforeEach
  void startWebUi() throws Exception {
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i % 251);
    }
    webUi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webUi.setExecutor(Executors.newCachedThreadPool());
    webUi.createContext("/events", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.getResponseHeaders().set("X-Web-Ui", "yes");
      exchange.sendResponseHeaders(200, 0); // chunked
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("first\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        out.write("second\n".getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    webUi.createContext("/large", exchange -> {
      exchange.sendResponseHeaders(200, large.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(large);
      }
    });
    webUi.start();
    cluster.framework("proxied", b -> b.webuiUrl("http://127.0.0.1:"
        + webUi.getAddress().getPort() + "/"));
  }

  @AfterEach
  void stopWebUi() {
    release.countDown();
    webUi.stop(0);
  }

  @Test
  void streamsAnAnswerAsTheWebUiWritesIt() throws Exception {
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
        URI.create(cluster.masterUrl() + "/service/proxied/events")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Web-Ui")).contains("yes");
    try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(),
        StandardCharsets.UTF_8))) {
      // the web UI holds the rest back until released: this line can only come through streaming
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readLine(body));
      assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(release.getCount()).isEqualTo(1);
      release.countDown();
      assertThat(body.readLine()).isEqualTo("second");
      assertThat(body.readLine()).isNull();
    }
  }

  @Test
  void passesALongAnswerWholeWithItsLength() throws Exception {
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
        URI.create(cluster.masterUrl() + "/service/proxied/large")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length"))
        .contains(Integer.toString(large.length));
    assertThat(Arrays.equals(response.body(), large)).as("body intact").isTrue();
  }

  /**
   * A framework whose web UI serves HTTPS with a certificate of its own (here self-signed, made
   * with the JDK's keytool): the proxy speaks TLS to it and plain HTTP to its client.
   */
  @Test
  void reachesAWebUiThatServesHttpsWithItsOwnCertificate() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("service-proxy-tls-");
    com.sun.net.httpserver.HttpsServer tls = null;
    try {
      java.nio.file.Path store = dir.resolve("web-ui.p12");
      Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
          "keytool").toString(), "-genkeypair", "-alias", "web-ui", "-keyalg", "EC", "-groupname",
          "secp256r1", "-dname", "CN=web-ui", "-validity", "2", "-storetype", "PKCS12", "-keystore",
          store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(keytool.exitValue()).as(output).isZero();
      java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
      try (InputStream in = java.nio.file.Files.newInputStream(store)) {
        keys.load(in, "changeit".toCharArray());
      }
      javax.net.ssl.KeyManagerFactory km = javax.net.ssl.KeyManagerFactory.getInstance(
          javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      km.init(keys, "changeit".toCharArray());
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(km.getKeyManagers(), null, null);
      tls = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      tls.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context));
      tls.createContext("/v1/hello", exchange -> {
        byte[] body = ("over TLS to " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      tls.start();
      int port = tls.getAddress().getPort();
      cluster.framework("proxied-tls", b -> b.webuiUrl("https://127.0.0.1:" + port + "/"));

      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create(cluster.masterUrl() + "/service/proxied-tls/v1/hello?x=1")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("over TLS to /v1/hello?x=1");
    } finally {
      if (tls != null) {
        tls.stop(0);
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
        for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
          java.nio.file.Files.delete(file);
        }
      }
      java.nio.file.Files.delete(dir);
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
