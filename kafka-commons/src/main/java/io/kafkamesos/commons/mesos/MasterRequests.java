package io.kafkamesos.commons.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts calls to a Mesos endpoint with the headers every request carries (content type, the
 * credential, the stream id) and follows {@code 307 Temporary Redirect}, which a master that is not
 * the leader answers with the leader in {@code Location} (scheme-relative: {@code //host:port/path},
 * so the scheme stays what the client used). Redirects are bounded and a loop is refused; a redirect
 * from https to http is refused, since the credential would go out in clear.
 */
final class MasterRequests {

  /** One hop reaches the leader; a second may happen while an election settles. */
  static final int MAX_REDIRECTS = 3;

  /**
   * A response and the endpoint that gave it (the leader's, after redirects).
   *
   * @param <T> the body
   */
  record Answer<T>(URI endpoint, HttpResponse<T> response) {
  }

  /** Redirects that loop or do not end. */
  static final class RedirectException extends IOException {
    RedirectException(String message) {
      super(message);
    }
  }

  /** A hop that could not be reached: which one, and why (the cause). */
  static final class Unreachable extends IOException {
    private final URI target;

    Unreachable(URI target, IOException cause) {
      super(cause.getMessage(), cause);
      this.target = target;
    }

    URI target() {
      return target;
    }
  }

  private final HttpClient http;
  private final ContentType contentType;
  private final Optional<Credential> credential;
  private final Duration timeout;

  MasterRequests(HttpClient http, ContentType contentType, Optional<Credential> credential,
      Duration timeout) {
    this.http = Objects.requireNonNull(http);
    this.contentType = Objects.requireNonNull(contentType);
    this.credential = Objects.requireNonNull(credential);
    this.timeout = Objects.requireNonNull(timeout);
  }

  Optional<Credential> credential() {
    return credential;
  }

  /**
   * Posts {@code body} to {@code endpoint}, following redirects.
   *
   * @param streamId the {@code Mesos-Stream-Id} to send, or null
   * @throws RedirectException when redirects loop, do not end, or would drop TLS
   * @throws Unreachable when a hop cannot be reached (naming that hop, not the first)
   */
  <T> Answer<T> post(URI endpoint, byte[] body, String streamId, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    List<URI> visited = new ArrayList<>();
    URI target = endpoint;
    while (true) {
      visited.add(target);
      HttpResponse<T> response;
      try {
        response = http.send(request(target, body, streamId), handler);
      } catch (IOException e) {
        throw new Unreachable(target, e);
      }
      int status = response.statusCode();
      if (status != 307 && status != 308) {
        return new Answer<>(target, response);
      }
      discard(response);
      Optional<String> location = response.headers().firstValue("Location");
      if (location.isEmpty()) {
        throw new RedirectException(ConnectionFailure.origin(target)
            + " answered " + status + " without a Location");
      }
      URI next = resolve(target, location.get());
      if ("https".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
        throw new RedirectException("refusing the redirect from " + ConnectionFailure.origin(target)
            + " to " + ConnectionFailure.origin(next) + ": it would drop TLS");
      }
      if (visited.contains(next)) {
        throw new RedirectException("redirect loop: " + path(visited) + " -> "
            + ConnectionFailure.origin(next));
      }
      if (visited.size() > MAX_REDIRECTS) {
        throw new RedirectException("more than " + MAX_REDIRECTS + " redirects: " + path(visited)
            + " -> " + ConnectionFailure.origin(next));
      }
      target = next;
    }
  }

  private HttpRequest request(URI target, byte[] body, String streamId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(target)
        .timeout(timeout)
        .header("Content-Type", contentType.mediaType())
        .header("Accept", contentType.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    credential.ifPresent(c -> request.header("Authorization", c.header()));
    if (streamId != null) {
      request.header(MesosClient.STREAM_ID_HEADER, streamId);
    }
    return request.build();
  }

  /** {@code Location} against the request's URL: Mesos sends {@code //leader:5050/api/v1/scheduler}. */
  static URI resolve(URI from, String location) throws RedirectException {
    try {
      URI next = from.resolve(location.trim());
      if (next.getHost() == null) {
        throw new RedirectException("redirect to '" + location + "' names no host");
      }
      return next;
    } catch (IllegalArgumentException e) {
      throw new RedirectException("redirect to a malformed Location '" + location + "'");
    }
  }

  private static void discard(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the redirect's body is not needed
      }
    }
  }

  private static String path(List<URI> visited) {
    return String.join(" -> ", visited.stream().map(ConnectionFailure::origin).toList());
  }
}
