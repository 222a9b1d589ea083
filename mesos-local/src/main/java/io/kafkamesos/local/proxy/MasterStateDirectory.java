package io.kafkamesos.local.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the master's {@code /master/state} over HTTP, as adminrouter does, so the proxy depends
 * on nothing but the master's public state.
 */
public final class MasterStateDirectory implements FrameworkDirectory {

  private final Supplier<String> masterUrl;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public MasterStateDirectory(Supplier<String> masterUrl, HttpClient http) {
    this.masterUrl = Objects.requireNonNull(masterUrl, "masterUrl");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public Lookup find(String name) {
    URI uri = URI.create(masterUrl.get() + "/master/state");
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
      }
      return select(json.readTree(response.body()), name);
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The framework named {@code name} in a master state: an active one with a web UI first (a
   * failed-over scheduler's new registration), then any with a web UI. Pure.
   */
  static Lookup select(JsonNode state, String name) {
    JsonNode fallback = null;
    JsonNode withoutUi = null;
    for (JsonNode framework : state.path("frameworks")) {
      if (!name.equals(framework.path("name").asText())) {
        continue;
      }
      boolean hasUi = !framework.path("webui_url").asText("").isBlank();
      if (hasUi && framework.path("active").asBoolean(false)) {
        return webUi(framework);
      }
      if (hasUi && fallback == null) {
        fallback = framework;
      } else if (!hasUi && withoutUi == null) {
        withoutUi = framework;
      }
    }
    if (fallback != null) {
      return webUi(fallback);
    }
    if (withoutUi != null) {
      return new NoWebUi(withoutUi.path("id").asText());
    }
    return new NoFramework();
  }

  private static Lookup webUi(JsonNode framework) {
    return new WebUi(framework.path("id").asText(), framework.path("webui_url").asText());
  }
}
