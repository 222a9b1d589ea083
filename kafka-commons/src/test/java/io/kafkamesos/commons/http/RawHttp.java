package io.kafkamesos.commons.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on a raw socket, for requests that {@code java.net.http.HttpClient} refuses to send (a
 * path with a raw space or newline, {@code %2500}, {@code //}, a made-up method, oversized headers,
 * a broken request line): the bytes go out as given, with {@code Connection: close}, and the answer
 * is read to the end.
 */
public final class RawHttp {

  private final String host;
  private final int port;
  private final Duration timeout;

  public RawHttp(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  /** An answer: status (0 when the server closed without one), headers (lower-case names), body. */
  public record Answer(int status, Map<String, String> headers, String body, String raw) {
    public String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  /** {@code METHOD target HTTP/1.1} with a Host header, the extra header lines and no body. */
  public Answer request(String method, String target, String... headerLines) {
    StringBuilder out = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n");
    for (String line : headerLines) {
      out.append(line).append("\r\n");
    }
    out.append("Connection: close\r\n\r\n");
    return send(out.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends the bytes as they are and reads the answer until the server closes the connection. */
  public Answer send(byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      socket.shutdownOutput();
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("raw request to " + host + ":" + port + " failed", e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("no end of the answer within the timeout; read so far: "
          + bytes.toString(StandardCharsets.ISO_8859_1), e);
    } catch (IOException e) {
      // a reset after the answer (the server closed on unread request bytes): keep what came
      if (bytes.size() == 0) {
        throw e;
      }
    }
    return bytes.toByteArray();
  }

  static Answer parse(byte[] bytes) {
    // ISO-8859-1 maps each byte to one char: the framing (chunk sizes) counts bytes right
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/") || end < 0) {
      return new Answer(0, Map.of(), utf8(raw), utf8(raw));
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    String body = raw.substring(end + 4);
    if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
      body = dechunk(body);
    }
    return new Answer(Integer.parseInt(statusLine[1]), headers, utf8(body), utf8(raw));
  }

  private static String utf8(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = chunked.substring(at, lineEnd).split(";")[0].trim();
      int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
