package io.kafkamesos.scheduler.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Refuses malformed requests before any servlet runs, on the API's and the admin's connectors, so
 * that a mistake never reaches an operation:
 * <ul>
 *   <li>a path that ends with {@code /}, or has an empty, {@code .} or {@code ..} segment: Jersey
 *       would match {@code PUT /v1/brokers/} (a script whose broker id variable is empty) to
 *       {@code PUT /v1/brokers}, which restarts every broker. No path of the API or the admin port
 *       ends with a slash; the root {@code /} (the status page, the admin menu) is the exception;</li>
 *   <li>a {@code password} in the query string (a password goes in a body: URLs are logged);</li>
 *   <li>a {@code Content-Type} that cannot be parsed;</li>
 *   <li>a body that cannot be read to its end (broken chunked framing, shorter than its
 *       {@code Content-Length}) or is larger than any request needs. The body is read here, in
 *       full, before anything runs (a body that is not read would let a broken request run) and
 *       handed on to the resource: only {@code POST /v1/users/{name}} takes one (a password must
 *       not travel in the URL, which is logged). On the admin port a form body
 *       ({@code application/x-www-form-urlencoded}, how Dropwizard's tasks take their parameters)
 *       is left to the servlet that parses it.</li>
 * </ul>
 * Each is answered 400 (413 for a body too large) through {@link JsonErrorHandler}, in JSON with a
 * message naming the problem.
 */
public final class MalformedRequestFilter implements Filter {

  /** More than any request of the API needs: only a user's JSON takes a body. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final boolean keepFormBodies;

  /** @param keepFormBodies leave form bodies unread (the admin port's tasks read their parameters) */
  public MalformedRequestFilter(boolean keepFormBodies) {
    this.keepFormBodies = keepFormBodies;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Optional<String> problem = pathProblem(request.getMethod(), request.getRequestURI())
        .or(() -> queryProblem(request.getQueryString()))
        .or(() -> contentTypeProblem(request.getHeader("Content-Type")));
    HttpServletRequest next = request;
    if (problem.isEmpty() && !(keepFormBodies && isForm(request.getContentType()))) {
      try {
        byte[] body = read(request.getInputStream());
        if (body.length > MAX_BODY_BYTES) {
          response.sendError(413, "the request body is larger than " + MAX_BODY_BYTES
              + " bytes; parameters go in the query");
          return;
        }
        next = new ReadBody(request, body);
      } catch (IOException e) {
        problem = Optional.of("the request body cannot be read (" + e.getMessage()
            + "); parameters go in the query");
      }
    }
    if (problem.isPresent()) {
      response.sendError(400, problem.get());
      return;
    }
    chain.doFilter(next, response);
  }

  /** The request with its body, read here, to be read again by the resource. */
  private static final class ReadBody extends jakarta.servlet.http.HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() {
      java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
      return new jakarta.servlet.ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
          throw new IllegalStateException("the body was read already; read it synchronously");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }
      };
    }

    @Override
    public java.io.BufferedReader getReader() {
      String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
          java.nio.charset.Charset.forName(encoding)));
    }
  }

  private static boolean isForm(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).trim()
        .startsWith("application/x-www-form-urlencoded");
  }

  /** Reads the body to its end, or up to one buffer more than allowed (then it is too large). */
  private static byte[] read(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; body.size() <= MAX_BODY_BYTES && (n = in.read(buffer)) >= 0; ) {
      body.write(buffer, 0, n);
    }
    return body.toByteArray();
  }

  /** Why no resource can be at this raw (undecoded) path, if it is malformed. Pure. */
  static Optional<String> pathProblem(String method, String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return Optional.empty();
    }
    String request = method + " " + rawPath;
    if (rawPath.contains("//")) {
      return Optional.of("no resource at " + request + ": the path has an empty segment ('//'), "
          + "where a broker id, topic name or other part belongs; fill it in. Nothing was changed");
    }
    if (rawPath.endsWith("/")) {
      return Optional.of("no resource at " + request + ": the path ends with '/', where a broker "
          + "id, topic name or other part belongs (an empty variable in a script?); remove the "
          + "trailing '/' or fill in what is missing. Nothing was changed");
    }
    for (String segment : rawPath.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("no resource at " + request + ": the path has a '" + segment
            + "' segment; send the path as the API names it. Nothing was changed");
      }
    }
    return Optional.empty();
  }

  /**
   * A password in the query string: refused here, before anything logs a line on the request's
   * thread (whose name holds the request line), for URLs are logged. Pure.
   */
  static Optional<String> queryProblem(String rawQuery) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      try {
        name = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // an undecodable name is no password; Jersey refuses it
      }
      if (name.strip().equalsIgnoreCase("password")) {
        return Optional.of("password must not be in the URL, where it would be logged: send it in the"
            + " JSON body, {\"password\": \"...\"}. Nothing was changed");
      }
    }
    return Optional.empty();
  }

  /** Why a {@code Content-Type} header cannot be understood, if it cannot. Pure. */
  static Optional<String> contentTypeProblem(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String type = contentType.split(";", 2)[0].trim();
    int slash = type.indexOf('/');
    if (slash <= 0 || slash == type.length() - 1 || !type.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+/"
        + "[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      return Optional.of("unreadable Content-Type '" + contentType + "': expected type/subtype, "
          + "e.g. application/json");
    }
    return Optional.empty();
  }
}
