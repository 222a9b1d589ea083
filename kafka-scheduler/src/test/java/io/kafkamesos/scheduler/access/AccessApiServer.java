package io.kafkamesos.scheduler.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.DropwizardTestSupport;
import io.kafkamesos.scheduler.LoopbackServer;
import io.kafkamesos.scheduler.api.AclsResource;
import io.kafkamesos.scheduler.api.HttpErrors;
import io.kafkamesos.scheduler.api.UsersResource;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.SecurityTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * A real Dropwizard server on 127.0.0.1 (free port) serving {@code /v1/users} and {@code /v1/acls}
 * as the scheduler wires them (with the API's request filter and error mapping) on the given
 * brokers, and a small HTTP client to call it.
 */
final class AccessApiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the server answered. */
  record Answer(int status, JsonNode body, HttpResponse<String> response) {
  }

  private final DropwizardTestSupport<Configuration> support;
  private final KafkaAdminAccess kafka;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  AccessApiServer(String bootstrapServers) {
    kafka = new KafkaAdminAccess(() -> bootstrapServers, Duration.ofSeconds(30), Clock.systemUTC());
    support = new DropwizardTestSupport<>(App.class, LoopbackServer.configuration()) {
      @Override
      public Application<Configuration> newApplication() {
        return new App(kafka);
      }
    };
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the API server", e);
    }
  }

  /** {@code method pathAndQuery} (encoded) with a JSON body, or none when {@code body} is null. */
  Answer call(String method, String pathAndQuery, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + support.getLocalPort() + pathAndQuery)).timeout(Duration.ofSeconds(90));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(),
          response.body().isEmpty() ? null : JSON.readTree(response.body()), response);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Answer call(String method, String pathAndQuery) {
    return call(method, pathAndQuery, null);
  }

  @Override
  public void close() {
    support.after();
    kafka.stop();
  }

  /** The scheduler's wiring of the users and ACLs API, and nothing else. */
  static final class App extends Application<Configuration> {
    private final KafkaAdminAccess kafka;

    App(KafkaAdminAccess kafka) {
      this.kafka = kafka;
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
      environment.jersey().register(new UsersResource(new ScramUsers(kafka, () -> "3.9.1", new SecureRandom()),
          new UserCertificates(SecurityTarget.NONE, ClusterCaService.State.Off::new, () -> "",
              Clock.systemUTC(), new SecureRandom())));
      environment.jersey().register(new AclsResource(new AclService(kafka, () -> false)));
      HttpErrors.install(environment);
    }
  }
}
