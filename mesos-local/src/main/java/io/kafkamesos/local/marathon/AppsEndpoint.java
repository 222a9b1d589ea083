package io.kafkamesos.local.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's {@code /v2/apps} on mesos-local's master port, at {@code /v2/apps} and (as DC/OS'
 * adminrouter serves it) {@code /marathon/v2/apps}: POST creates (201; 409 taken; 422 invalid),
 * GET lists or shows, PUT updates (200 with a deployment), DELETE destroys.
 */
public final class AppsEndpoint implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AppsEndpoint.class);
  public static final String PATH = "/v2/apps";
  public static final String DCOS_PATH = "/marathon/v2/apps";

  private final Marathon marathon;
  private final ObjectMapper json = new ObjectMapper();
  private final AppJson render = new AppJson(json);

  public AppsEndpoint(Marathon marathon) {
    this.marathon = Objects.requireNonNull(marathon, "marathon");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.path();
    String rest = path.startsWith(DCOS_PATH) ? path.substring(DCOS_PATH.length())
        : path.substring(PATH.length());
    String id = AppParser.normalize(URLDecoder.decode(rest, StandardCharsets.UTF_8));
    String method = exchange.method();
    try {
      if (id.isEmpty()) {
        switch (method) {
          case "GET", "HEAD" -> reply(exchange, 200, render.list(marathon.list()));
          case "POST" -> {
            AppView created = marathon.create(body(exchange));
            exchange.reply(201, Map.of("Content-Type", "application/json",
                "Location", DCOS_PATH + created.app().id()),
                json.writeValueAsBytes(render.app(created)));
          }
          default -> notAllowed(exchange, "GET, POST");
        }
        return;
      }
      switch (method) {
        case "GET", "HEAD" -> {
          Optional<AppView> app = marathon.get(id);
          if (app.isPresent()) {
            reply(exchange, 200, render.one(app.get()));
          } else {
            notFound(exchange, id);
          }
        }
        case "PUT" -> reply(exchange, 200, render.deployment(marathon.update(id, body(exchange))));
        case "DELETE" -> {
          Optional<Marathon.Deployment> deleted = marathon.delete(id);
          if (deleted.isPresent()) {
            reply(exchange, 200, render.deployment(deleted.get()));
          } else {
            notFound(exchange, id);
          }
        }
        default -> notAllowed(exchange, "GET, PUT, DELETE");
      }
    } catch (InvalidAppException e) {
      reply(exchange, 422, render.invalid(e));
    } catch (Marathon.AppExistsException e) {
      reply(exchange, 409, render.message(e.getMessage()));
    } catch (BadJson e) {
      reply(exchange, 400, render.message(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", method, path, e);
      reply(exchange, 500, render.message("mesos-local Marathon: " + e));
    }
  }

  private JsonNode body(HttpExchange exchange) {
    try {
      JsonNode body = json.readTree(exchange.body());
      if (body == null || body.isMissingNode()) {
        throw new BadJson("Invalid JSON: the body is empty; send an app definition");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadJson("Invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadJson("Invalid JSON: " + e.getMessage());
    }
  }

  private void notFound(HttpExchange exchange, String id) throws IOException {
    reply(exchange, 404, render.message("App '/" + id + "' does not exist"));
  }

  private void notAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.reply(405, Map.of("Allow", allowed, "Content-Type", "application/json"),
        json.writeValueAsBytes(render.message("HTTP method " + exchange.method()
            + " is not supported here; use " + allowed)));
  }

  private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.reply(status, Map.of("Content-Type", "application/json"), json.writeValueAsBytes(body));
  }

  private static final class BadJson extends RuntimeException {
    BadJson(String message) {
      super(message);
    }
  }
}
