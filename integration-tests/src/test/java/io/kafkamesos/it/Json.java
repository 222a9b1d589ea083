package io.kafkamesos.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP with JSON answers, as a user's script would call the API. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Json() {
  }

  /** The answer of one request: its status and its body parsed as JSON (null when empty). */
  public record Answer(int status, JsonNode body) {
  }

  /** The body of a GET as text; fails unless the answer is 200. */
  public static String text(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code text} (a CLI's output, say) as JSON; fails the test when it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  public static Answer get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  public static Answer put(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  public static Answer post(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** POSTs {@code body} as text, as {@code curl --data-binary @file} would. */
  public static Answer post(String url, String body) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public static Answer delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Answer(response.statusCode(), body.isBlank() ? null : MAPPER.readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
