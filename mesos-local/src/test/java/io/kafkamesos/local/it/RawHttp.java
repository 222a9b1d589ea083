package io.kafkamesos.local.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP requests to the scheduler endpoint (or another one), for the calls a well-behaved
 * client never makes; redirects are not followed, so a test sees them.
 */
public final class RawHttp {

  public static final String SCHEDULER = "/api/v1/scheduler";

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;

  public RawHttp(String masterUrl) {
    this(URI.create(masterUrl + SCHEDULER));
  }

  public RawHttp(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** A request to the endpoint, to be completed with a method and headers. */
  public HttpRequest.Builder request() {
    return HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(15));
  }

  public HttpResponse<String> post(byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = request().POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens a streaming request (a SUBSCRIBE); the caller closes the body. */
  public HttpResponse<InputStream> stream(byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = request().POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
