package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.DropwizardTestSupport;
import io.kafkamesos.scheduler.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real Dropwizard server on 127.0.0.1 (free port) with only {@link TopicResource} and the
 * API's error mapping registered, plus a tiny HTTP client to call it.
 */
final class TopicApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DropwizardTestSupport<Configuration> support;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** What the server answered: status and JSON body. */
    record Answer(int status, JsonNode body, String text) {
    }

    private TopicApiServer(TopicService service) throws Exception {
        requireNonNull(service, "service");
        support = new DropwizardTestSupport<>(TopicApp.class, LoopbackServer.configuration()) {
            @Override
            public Application<Configuration> newApplication() {
                return new TopicApp(service);
            }
        };
        support.before();
    }

    static TopicApiServer start(TopicService service) {
        try {
            return new TopicApiServer(service);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the API server", e);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + support.getLocalPort());
    }

    /** Calls {@code method pathAndQuery} (query already encoded) and parses the JSON answer. */
    Answer call(String method, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(90))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        support.after();
    }

    /** The scheduler's wiring of the topic API, and nothing else. */
    static final class TopicApp extends Application<Configuration> {
        private final TopicService service;

        TopicApp(TopicService service) {
            this.service = service;
        }

        @Override
        public void run(Configuration configuration, Environment environment) {
            environment.jersey().register(new TopicResource(service));
            io.kafkamesos.scheduler.api.HttpErrors.install(environment);
        }
    }
}
