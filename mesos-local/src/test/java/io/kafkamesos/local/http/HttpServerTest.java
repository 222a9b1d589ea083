package io.kafkamesos.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP seam over Jetty on real sockets: keep-alive, prefix routing, answers with a length,
 * chunked streams whose client going away is noticed at once, and agent aliases (127.0.0.x).
 */
class HttpServerTest {

  private final HttpServers servers = HttpServers.start("test");
  private final List<HttpServer> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(HttpServer::close);
    servers.close();
  }

  private HttpServer serve(String host, String prefix, HttpHandler handler) throws Exception {
    HttpServer server = servers.bind(host, 0);
    started.add(server);
    server.context(prefix, handler);
    server.start();
    return server;
  }

  @Test
  void keepsTheConnectionAliveAcrossRequests() throws Exception {
    HttpServer server = serve("127.0.0.1", "/echo", exchange -> exchange.reply(200,
        Map.of("Content-Type", "text/plain"), exchange.body()));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1));
      for (String text : List.of("one", "two")) {
        out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + text.length()
            + "\r\n\r\n" + text).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        char[] body = new char[length];
        assertThat(in.read(body)).isEqualTo(text.length());
        assertThat(new String(body)).isEqualTo(text);
      }
    }
  }

  /**
   * A handler that answers before looking at the body (a 401, say) leaves the connection reusable
   * even when the body arrives after the headers: otherwise Jetty closes it after the answer and a
   * client's next request on it gets no response.
   */
  @Test
  void anAnswerGivenBeforeTheBodyArrivedKeepsTheConnectionReusable() throws Exception {
    HttpServer server = serve("127.0.0.1", "/guarded", exchange -> exchange.reply(401,
        Map.of("WWW-Authenticate", "Basic realm=\"test\""), "no".getBytes(StandardCharsets.UTF_8)));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1));
      for (int call = 0; call < 2; call++) {
        String body = "{\"type\":\"MESSAGE\"}";
        out.write(("POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread.sleep(300); // the handler has answered, or is waiting for the body, by now
        out.write(body.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(in.readLine()).as("call %s", call).isEqualTo("HTTP/1.1 401 Unauthorized");
        int length = -1;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        char[] answer = new char[length];
        assertThat(in.read(answer)).isEqualTo(2);
      }
    }
  }

  @Test
  void routesByTheLongestPrefixAndAnswers404Elsewhere() throws Exception {
    HttpServer server = serve("127.0.0.1", "/a", exchange -> exchange.reply(200, Map.of(),
        "a".getBytes()));
    server.context("/a/b", exchange -> exchange.reply(200, Map.of(), "b".getBytes()));
    assertThat(get(server, "/a/x")).startsWith("HTTP/1.1 200").endsWith("a");
    assertThat(get(server, "/a/b/c")).startsWith("HTTP/1.1 200").endsWith("b");
    assertThat(get(server, "/ab")).startsWith("HTTP/1.1 404");
  }

  @Test
  void servesAnAgentAlias() throws Exception {
    HttpServer server = serve("127.0.0.3", "/", exchange -> exchange.reply(200, Map.of(),
        "alias".getBytes()));
    try (Socket socket = new Socket("127.0.0.3", server.port())) {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 200").endsWith("alias");
    }
  }

  @Test
  void noticesAtOnceThatAStreamsClientWentAway() throws Exception {
    CountDownLatch gone = new CountDownLatch(1);
    HttpServer server = serve("127.0.0.1", "/stream", exchange -> {
      exchange.startStream(Map.of("Content-Type", "application/json"));
      exchange.write("{}".getBytes());
      exchange.watchPeerClose(gone::countDown);
      try {
        gone.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      List<String> head = new ArrayList<>();
      String line;
      while (!(line = in.readLine()).isEmpty()) {
        head.add(line.toLowerCase());
      }
      assertThat(head).contains("transfer-encoding: chunked");
      assertThat(in.readLine()).isEqualTo("2");
      // the chunk's closing CRLF goes out with the next chunk: read the data alone
      char[] data = new char[2];
      assertThat(in.read(data)).isEqualTo(2);
      assertThat(new String(data)).isEqualTo("{}");
      assertThat(gone.getCount()).isEqualTo(1);
    }
    // nothing was written since: only the closed connection itself can have told the server
    assertThat(gone.await(5, TimeUnit.SECONDS)).as("close noticed").isTrue();
  }

  @Test
  void endsAStreamWithTheLastChunkAndClosesItsConnection() throws Exception {
    HttpServer server = serve("127.0.0.1", "/stream", exchange -> {
      exchange.startStream(Map.of());
      exchange.write("abc".getBytes());
      exchange.end();
    });
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("POST /stream HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all).startsWith("HTTP/1.1 200").endsWith("3\r\nabc\r\n0\r\n\r\n");
    }
  }

  private static String get(HttpServer server, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
