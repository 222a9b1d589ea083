package io.kafkamesos.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * One request and the means to answer it, the seam between mesos-local's endpoints and Jetty:
 * at once ({@link #reply}), or as a response whose body is written as it comes
 * ({@link #startStream}, {@link #startResponse}, then {@link #write} and {@link #end}). A stream
 * learns at once that its client closed the connection ({@link #watchPeerClose}), as libprocess
 * does, rather than at the next write. Used by one handler thread at a time; every write blocks
 * until Jetty took the bytes.
 */
public final class HttpExchange {

  /** The largest request body read; Mesos' calls are far smaller. */
  static final int MAX_BODY = 64 * 1024 * 1024;

  private final Request request;
  private final Response response;
  private byte[] body;
  private String principal;
  private boolean answered;
  private boolean streaming;

  HttpExchange(Request request, Response response) {
    this.request = Objects.requireNonNull(request);
    this.response = Objects.requireNonNull(response);
  }

  public String method() {
    return request.getMethod();
  }

  /** The path as sent (still percent-encoded), without the query. */
  public String path() {
    String path = request.getHttpURI().getPath();
    return path == null ? "/" : path;
  }

  /**
   * The path with its percent-encoding decoded ({@code /slave%281%29/...} is
   * {@code /slave(1)/...}), as libprocess routes it; null when Jetty found it ambiguous.
   */
  public String decodedPath() {
    String path = request.getHttpURI().getDecodedPath();
    return path == null ? path() : path;
  }

  /** The query as sent (still percent-encoded), or "" when there is none. */
  public String query() {
    String query = request.getHttpURI().getQuery();
    return query == null ? "" : query;
  }

  /** The header's value; the values of a repeated header joined with ", "; null if absent. */
  public String header(String name) {
    List<String> values = request.getHeaders().getValuesList(name);
    return values.isEmpty() ? null : String.join(", ", values);
  }

  /** Every request header by name (case-insensitive), repeated ones joined with ", ". */
  public Map<String, String> headers() {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      out.merge(field.getName(), field.getValue(), (a, b) -> a + ", " + b);
    }
    return out;
  }

  /**
   * The whole request body (empty when there is none), read on first use.
   *
   * @throws IOException when the body cannot be read or exceeds 64 MiB
   */
  public byte[] body() throws IOException {
    if (body == null) {
      try (InputStream in = Request.asInputStream(request)) {
        byte[] read = in.readNBytes(MAX_BODY + 1);
        if (read.length > MAX_BODY) {
          throw new IOException("request body larger than " + MAX_BODY + " bytes");
        }
        body = read;
      }
    }
    return body;
  }

  /** The principal the request authenticated as, once an authenticator accepted it. */
  public Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  /** Marks the request as authenticated as the principal. */
  public void authenticated(String principal) {
    this.principal = Objects.requireNonNull(principal);
  }

  boolean answered() {
    return answered;
  }

  /** Answers with a body (which may be empty) and these headers. */
  public void reply(int status, Map<String, String> headers, byte[] content) throws IOException {
    head(status, headers);
    response.getHeaders().put("Content-Length", Long.toString(content.length));
    write(true, method().equals("HEAD") ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(content));
  }

  /**
   * Sends {@code 200 OK} and these headers now, with no length: the body follows in
   * {@link #write}s (chunked), until {@link #end} or the connection ends. The connection is not
   * reused after a stream, as a Mesos event stream's is not.
   */
  public void startStream(Map<String, String> headers) throws IOException {
    body(); // read it all first: the connection is watched for its end from now on
    streaming = true;
    startResponse(200, headers);
  }

  /**
   * Sends the status and headers now; the body follows in {@link #write}s, as it comes. With a
   * {@code Content-Length} among the headers the body is sent as is, else chunked.
   */
  public void startResponse(int status, Map<String, String> headers) throws IOException {
    head(status, headers);
    write(false, BufferUtil.EMPTY_BUFFER);
  }

  /** Writes part of a started body and flushes it to the client. */
  public void write(byte[] data) throws IOException {
    write(data, 0, data.length);
  }

  /** Writes {@code length} bytes of {@code data} from {@code offset}; returns once sent. */
  public void write(byte[] data, int offset, int length) throws IOException {
    if (length > 0) {
      write(false, ByteBuffer.wrap(data, offset, length));
    }
  }

  /** Ends a started body (the last chunk of a chunked one). */
  public void end() throws IOException {
    write(true, BufferUtil.EMPTY_BUFFER);
    if (streaming) {
      endPoint().close(); // never reused: its end was being watched
    }
  }

  /**
   * Calls {@code onClose} (on a Jetty thread) as soon as the client closes the connection of this
   * stream or it breaks. A client of an event stream sends nothing more, so reading only ends
   * when it goes away; anything it does send is dropped. Streams never time out for idleness
   * (libprocess has no idle timeout): heartbeats may be minutes apart.
   */
  public void watchPeerClose(Runnable onClose) {
    EndPoint endPoint = endPoint();
    endPoint.setIdleTimeout(0);
    endPoint.fillInterested(new Callback() {
      @Override
      public void succeeded() {
        ByteBuffer sink = BufferUtil.allocate(512);
        try {
          while (true) {
            BufferUtil.clear(sink);
            int read = endPoint.fill(sink);
            if (read < 0) {
              onClose.run();
              return;
            }
            if (read == 0) {
              endPoint.fillInterested(this);
              return;
            }
          }
        } catch (IOException | RuntimeException e) {
          onClose.run();
        }
      }

      @Override
      public void failed(Throwable cause) {
        onClose.run();
      }
    });
  }

  private EndPoint endPoint() {
    return request.getConnectionMetaData().getConnection().getEndPoint();
  }

  private void head(int status, Map<String, String> headers) {
    if (answered) {
      throw new IllegalStateException("already answered");
    }
    readUnreadBody();
    answered = true;
    response.setStatus(status);
    HttpFields.Mutable fields = response.getHeaders();
    new LinkedHashMap<>(headers).forEach(fields::put);
  }

  /**
   * Reads a body nobody looked at (an answer given before it, such as a 401), so that the connection
   * stays reusable. Otherwise Jetty closes it right after the answer, and a client that has already
   * sent its next request on it sees a connection closed without a response, as Mesos' never is.
   */
  private void readUnreadBody() {
    if (body == null) {
      try {
        body();
      } catch (IOException e) {
        body = new byte[0]; // too large or broken: Jetty ends the connection after this answer
      }
    }
  }

  private void write(boolean last, ByteBuffer content) throws IOException {
    try (Blocker.Callback done = Blocker.callback()) {
      response.write(last, content, done);
      done.block();
    }
  }
}
