package io.kafkamesos.local.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server (keep-alive, chunked streams) with a thread per connection. Unlike the
 * JDK's, it can tell a streaming handler at once that its client went away, which Mesos' event
 * streams need: a master notices a closed scheduler connection immediately, not at the next
 * heartbeat.
 */
public final class HttpServerLite implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerLite.class);

  /** Handles one request; must answer it (reply or stream). */
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final ServerSocket server;
  private final ExecutorService threads;
  private final Map<String, Handler> contexts = new TreeMap<>();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpServerLite(ServerSocket server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Binds now (port 0: a free port); serves after {@link #start()}. */
  public static HttpServerLite bind(String host, int port, ExecutorService threads)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(host, port), 200);
    return new HttpServerLite(server, threads);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Requests whose path is the prefix or below it go to the handler (longest prefix wins). */
  public synchronized void context(String prefix, Handler handler) {
    contexts.put(prefix, handler);
  }

  public void start() {
    Thread acceptor = new Thread(this::accept, "http-" + server.getLocalSocketAddress());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("accept failed on {}: {}", server.getLocalSocketAddress(), e.getMessage());
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot serve a connection: {}", e.getMessage());
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (!closed) {
        Optional<HttpRequest> request = HttpRequest.read(in, out);
        if (request.isEmpty()) {
          return;
        }
        HttpExchange exchange = new HttpExchange(request.get(), in, out);
        Handler handler = handler(request.get().path());
        if (handler == null) {
          exchange.reply(404, Map.of(), new byte[0]);
        } else {
          handler.handle(exchange);
          if (!exchange.answered()) {
            exchange.reply(500, Map.of(), new byte[0]);
          }
        }
        if (exchange.streaming() || request.get().header("Connection")
            .map(c -> c.equalsIgnoreCase("close")).orElse(false)) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.debug("connection ended: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("request failed: {}", e.toString());
    } finally {
      connections.remove(socket);
    }
  }

  private synchronized Handler handler(String path) {
    Handler best = null;
    int length = -1;
    for (Map.Entry<String, Handler> e : contexts.entrySet()) {
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
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing the server socket: {}", e.getMessage());
    }
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("closing a connection: {}", e.getMessage());
      }
    }
  }
}
