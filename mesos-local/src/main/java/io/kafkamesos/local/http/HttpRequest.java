package io.kafkamesos.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request as read off a connection: request line, headers (case-insensitive) and
 * the body (Content-Length or chunked; {@code Expect: 100-continue} is answered).
 */
public record HttpRequest(String method, String path, String query, Map<String, String> headers,
    byte[] body) {

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final long MAX_BODY = 64L * 1024 * 1024;

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /**
   * Reads the next request, or empty when the peer closed the connection between requests.
   *
   * @throws IOException when the request is malformed or the connection breaks inside it
   */
  static Optional<HttpRequest> read(InputStream in, OutputStream out) throws IOException {
    String line = readLine(in);
    while (line != null && line.isEmpty()) {
      line = readLine(in); // tolerate stray CRLF between requests
    }
    if (line == null) {
      return Optional.empty();
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("malformed request line: " + line);
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; ; i++) {
      String header = readLine(in);
      if (header == null) {
        throw new IOException("connection closed inside the headers");
      }
      if (header.isEmpty()) {
        break;
      }
      if (i > MAX_HEADERS) {
        throw new IOException("too many headers");
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header: " + header);
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    if ("100-continue".equalsIgnoreCase(headers.get("Expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body;
    String encoding = headers.getOrDefault("Transfer-Encoding", "");
    if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = readChunked(in);
    } else {
      long length = headers.containsKey("Content-Length")
          ? Long.parseLong(headers.get("Content-Length").trim()) : 0;
      if (length < 0 || length > MAX_BODY) {
        throw new IOException("bad Content-Length " + length);
      }
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new IOException("connection closed inside the body");
      }
    }
    String target = parts[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    return Optional.of(new HttpRequest(parts[0], path, query, headers, body));
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      if (sizeLine == null) {
        throw new IOException("connection closed inside a chunked body");
      }
      int semi = sizeLine.indexOf(';');
      long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        String trailer;
        do {
          trailer = readLine(in);
        } while (trailer != null && !trailer.isEmpty());
        return body.toByteArray();
      }
      if (body.size() + size > MAX_BODY) {
        throw new IOException("body too large");
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length != size) {
        throw new IOException("connection closed inside a chunk");
      }
      body.writeBytes(chunk);
      readLine(in);
    }
  }

  /** A CRLF (or LF) terminated ASCII line without its terminator; null at end of stream. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("line too long");
      }
      line.append((char) b);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
