package io.kafkamesos.local.http;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One address served by embedded Jetty (HTTP/1.1, keep-alive, chunked responses), routing each
 * request to the {@link HttpHandler} of the longest path prefix its decoded path matches.
 * Handlers run on the shared threads of {@link HttpServers} and may block them (a stream holds
 * its thread).
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  /** Keep-alive connections idle this long are closed; streams never are. */
  private static final long IDLE_TIMEOUT_MS = 5 * 60 * 1000L;

  private final Server server;
  private final ServerConnector connector;
  private final Map<String, HttpHandler> contexts = new TreeMap<>();

  HttpServer(Server server, String host, int port) {
    this.server = Objects.requireNonNull(server);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // libprocess names no server
    http.setSendXPoweredBy(false);
    // no acceptor thread: the one selector accepts too
    this.connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setReuseAddress(true);
    connector.setAcceptQueueSize(200);
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    server.addConnector(connector);
    server.setStopTimeout(0);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        serve(request, response, callback);
        return true;
      }
    });
  }

  /** Binds the address now (port 0: a free port); serves after {@link #start()}. */
  void bind() throws IOException {
    connector.open();
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Requests whose path is the prefix or below it go to the handler (longest prefix wins). */
  public synchronized void context(String prefix, HttpHandler handler) {
    contexts.put(prefix, handler);
  }

  public void start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start serving " + connector.getHost() + ":"
          + port() + ": " + e.getMessage(), e);
    }
  }

  private void serve(Request request, Response response, Callback callback) {
    HttpExchange exchange = new HttpExchange(request, response);
    try {
      HttpHandler handler = handler(exchange.decodedPath());
      if (handler == null) {
        exchange.reply(404, Map.of(), new byte[0]);
      } else {
        handler.handle(exchange);
        if (!exchange.answered()) {
          exchange.reply(500, Map.of(), new byte[0]);
        }
      }
      callback.succeeded();
    } catch (IOException e) {
      LOG.debug("{} {} ended: {}", exchange.method(), exchange.path(), e.getMessage());
      callback.failed(e);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed: {}", exchange.method(), exchange.path(), e.toString());
      callback.failed(e);
    }
  }

  private synchronized HttpHandler handler(String path) {
    HttpHandler best = null;
    int length = -1;
    for (Map.Entry<String, HttpHandler> e : contexts.entrySet()) {
      String prefix = e.getKey();
      boolean matches = path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix
          : prefix + "/");
      if (matches && prefix.length() > length) {
        best = e.getValue();
        length = prefix.length();
      }
    }
    return best;
  }

  /** Stops accepting and closes every connection, streams included. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping the server on port {}: {}", port(), e.getMessage());
    }
  }
}
