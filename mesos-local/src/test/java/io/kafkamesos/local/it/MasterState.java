package io.kafkamesos.local.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The master's read-only {@code /state}, read as Mesos lays it out: {@code slaves[]} with
 * {@code resources}, {@code used_resources}, {@code reserved_resources} (role to quantities) and
 * {@code unreserved_resources}; {@code frameworks[]} and {@code completed_frameworks[]} with their
 * {@code tasks} and {@code completed_tasks}.
 */
public record MasterState(JsonObject json) {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  public static MasterState fetch(String masterUrl) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(masterUrl + "/state"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/state answered " + response.statusCode() + ": "
            + response.body());
      }
      return new MasterState(JsonParser.parseString(response.body()).getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public List<JsonObject> agents() {
    return objects(json.getAsJsonArray("slaves"));
  }

  public JsonObject agent(String agentId) {
    return agents().stream().filter(a -> agentId.equals(string(a, "id"))).findFirst()
        .orElseThrow(() -> new AssertionError("agent " + agentId + " not in /state: " + json));
  }

  public List<JsonObject> frameworks() {
    return objects(json.getAsJsonArray("frameworks"));
  }

  public List<JsonObject> completedFrameworks() {
    return objects(json.getAsJsonArray("completed_frameworks"));
  }

  public Optional<JsonObject> framework(String frameworkId) {
    return frameworks().stream().filter(f -> frameworkId.equals(string(f, "id"))).findFirst();
  }

  public boolean isCompleted(String frameworkId) {
    return completedFrameworks().stream().anyMatch(f -> frameworkId.equals(string(f, "id")));
  }

  /** A quantity from an agent's resource object, such as {@code reserved_resources.<role>.disk}. */
  public static double quantity(JsonObject resources, String name) {
    if (resources == null || !resources.has(name) || resources.get(name).isJsonNull()) {
      return 0;
    }
    return resources.get(name).getAsDouble();
  }

  /** The agent's {@code reserved_resources} for the role, empty if it has none. */
  public static Optional<JsonObject> reservedFor(JsonObject agent, String role) {
    JsonObject reserved = agent.getAsJsonObject("reserved_resources");
    if (reserved == null || !reserved.has(role)) {
      return Optional.empty();
    }
    return Optional.of(reserved.getAsJsonObject(role));
  }

  public static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    if (array != null) {
      for (JsonElement e : array) {
        out.add(e.getAsJsonObject());
      }
    }
    return out;
  }

  public static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
