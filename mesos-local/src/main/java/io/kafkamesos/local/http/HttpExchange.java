package io.kafkamesos.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request and the means to answer it: at once ({@link #reply}), or as a chunked stream
 * ({@link #startStream}) whose end by the peer is noticed at once ({@link #watchPeerClose}), as
 * libprocess notices it, rather than at the next write.
 */
public final class HttpExchange {

  private final HttpRequest request;
  private final InputStream in;
  private final OutputStream out;
  private boolean answered;
  private boolean streaming;

  HttpExchange(HttpRequest request, InputStream in, OutputStream out) {
    this.request = Objects.requireNonNull(request);
    this.in = in;
    this.out = out;
  }

  public HttpRequest request() {
    return request;
  }

  public String method() {
    return request.method();
  }

  public String path() {
    return request.path();
  }

  public String header(String name) {
    return request.headers().get(name);
  }

  public byte[] body() {
    return request.body();
  }

  boolean streaming() {
    return streaming;
  }

  boolean answered() {
    return answered;
  }

  /** Answers with a body (which may be empty) and these headers. */
  public void reply(int status, Map<String, String> headers, byte[] body) throws IOException {
    if (answered) {
      throw new IllegalStateException("already answered");
    }
    answered = true;
    StringBuilder head = statusLine(status);
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!request.method().equals("HEAD")) {
      out.write(body);
    }
    out.flush();
  }

  /** Sends {@code 200 OK} with chunked encoding; then {@link #writeChunk}, {@link #endStream}. */
  public void startStream(Map<String, String> headers) throws IOException {
    answered = true;
    streaming = true;
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Transfer-Encoding", "chunked");
    StringBuilder head = statusLine(200);
    all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  public void writeChunk(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  public void endStream() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * Calls {@code onClose} (on a thread of its own) as soon as the peer closes the connection of
   * this stream. A streaming client sends nothing more, so the read only ends when it goes away.
   */
  public void watchPeerClose(Runnable onClose, String name) {
    Thread watcher = new Thread(() -> {
      try {
        while (in.read() != -1) {
          // a client streaming events has nothing to say; ignore anything it sends
        }
      } catch (IOException e) {
        // the connection broke: the same as a close
      }
      onClose.run();
    }, name + "-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static StringBuilder statusLine(int status) {
    return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
        .append("\r\n");
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 202 -> "Accepted";
      case 307 -> "Temporary Redirect";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
