package io.kafkamesos.local.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /service/<framework-name>/<rest>} as DC/OS' adminrouter serves it: the request (method,
 * the rest of the path, query, headers, body) goes to the framework's {@code webui_url} and the
 * answer (status, headers, then the body as it comes) streams back. 404 (JSON) when no framework has that name, 503 when
 * it announced no web UI, 502 when its web UI does not answer, 504 when it answers too slowly.
 */
public final class ServiceProxy implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);
  public static final String PATH = "/service";
  /** Headers of one connection, never forwarded (RFC 9110 7.6.1) or set by the client itself. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
      "upgrade", "host", "content-length", "expect", "proxy-connection");

  private final FrameworkDirectory directory;
  private final HttpClient http;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  public ServiceProxy(FrameworkDirectory directory, HttpClient http, Duration timeout) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The framework name and the rest of the path ({@code /} at least) of a proxied request. */
  record Route(String name, String rest) {
  }

  static Optional<Route> route(String path) {
    if (!path.startsWith(PATH + "/")) {
      return Optional.empty();
    }
    String tail = path.substring(PATH.length() + 1);
    int slash = tail.indexOf('/');
    String name = slash < 0 ? tail : tail.substring(0, slash);
    String rest = slash < 0 ? "/" : tail.substring(slash);
    return name.isEmpty() ? Optional.empty() : Optional.of(new Route(name, rest));
  }

  /** The URL a request goes to: the web UI's base (with any path it has), the rest, the query. */
  static URI target(String webuiUrl, String rest, String query) {
    String base = webuiUrl.endsWith("/") ? webuiUrl.substring(0, webuiUrl.length() - 1) : webuiUrl;
    return URI.create(base + rest + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Optional<Route> route = route(exchange.path());
    if (route.isEmpty()) {
      error(exchange, 404, "Use " + PATH + "/<framework-name>/<path>");
      return;
    }
    String name = route.get().name();
    FrameworkDirectory.Lookup lookup;
    try {
      lookup = directory.find(name);
    } catch (RuntimeException e) {
      error(exchange, 503, "Cannot read the master's state: " + e.getMessage());
      return;
    }
    if (lookup instanceof FrameworkDirectory.WebUi ui) {
      forward(exchange, name, target(ui.url(), route.get().rest(), exchange.query()));
    } else if (lookup instanceof FrameworkDirectory.NoWebUi noUi) {
      error(exchange, 503, "Framework '" + name + "' (" + noUi.frameworkId()
          + ") has no webui_url");
    } else {
      error(exchange, 404, "No framework named '" + name + "' is registered with the master");
    }
  }

  private void forward(HttpExchange exchange, String name, URI target) throws IOException {
    byte[] body = exchange.body();
    HttpRequest.BodyPublisher publisher = body.length == 0
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
        .method(exchange.method(), publisher);
    for (Map.Entry<String, String> header : exchange.headers().entrySet()) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        try {
          request.header(header.getKey(), header.getValue());
        } catch (IllegalArgumentException e) {
          LOG.debug("not forwarding header {}: {}", header.getKey(), e.getMessage());
        }
      }
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      error(exchange, 504, "Framework '" + name + "' did not answer within "
          + timeout.toSeconds() + " s (" + target + ")");
      return;
    } catch (ConnectException e) {
      error(exchange, 502, "Framework '" + name + "' does not answer at its webui_url ("
          + target + "): connection refused");
      return;
    } catch (IOException e) {
      error(exchange, 502, "Framework '" + name + "' failed to answer (" + target + "): " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(exchange, 503, "interrupted");
      return;
    }
    relay(exchange, response);
  }

  /**
   * Passes the answer on as it comes: status and headers at once, then the body as the web UI
   * sends it (with its length if it gave one, else chunked), so that a long or endless answer
   * (an event stream, a large download) reaches the client without being held here. A client
   * that goes away ends the relay at the next write, which closes the web UI's connection.
   */
  private static void relay(HttpExchange exchange, HttpResponse<InputStream> response)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((key, values) -> {
      String lower = key.toLowerCase(Locale.ROOT);
      if ((!HOP_BY_HOP.contains(lower) || lower.equals("content-length")) && !key.startsWith(":")) {
        headers.put(key, String.join(", ", values));
      }
    });
    try (InputStream body = response.body()) {
      exchange.startResponse(response.statusCode(), headers);
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = body.read(buffer)) >= 0) {
        exchange.write(buffer, 0, read);
      }
      exchange.end();
    }
  }

  private void error(HttpExchange exchange, int status, String message) throws IOException {
    LOG.debug("{} {}: {} {}", exchange.method(), exchange.path(), status, message);
    exchange.reply(status, Map.of("Content-Type", "application/json"),
        json.writeValueAsString(Map.of("message", message, "code", status))
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The HTTP client the proxy is meant to use: HTTP/1.1, no redirects followed (passed back), and
   * for an {@code https://} web UI TLS without checking the web UI's certificate, as nginx proxies
   * by default ({@code proxy_ssl_verify off}, which DC/OS' open Admin Router keeps): a framework
   * serves a certificate of its own CA, which the proxy does not know. The client's side of the
   * proxy stays what it was (plain HTTP on mesos-local).
   */
  public static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(unverifiedUpstream()).build();
  }

  private static SSLContext unverifiedUpstream() {
    // an X509ExtendedTrustManager: the JDK adds no host name check of its own around it
    X509ExtendedTrustManager acceptAny = new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {acceptAny}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no TLS client: " + e.getMessage(), e);
    }
  }
}
