package io.kafkamesos.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;

/** What the API resource tests share: resources served as the application serves them. */
final class ApiExtensions {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  private ApiExtensions() {
  }

  /** The resources, with every error mapper the application registers ({@link ErrorResponses#mappers}). */
  static ResourceExtension of(Object... resources) {
    ResourceExtension.Builder builder = ResourceExtension.builder();
    for (Object resource : resources) {
      builder.addResource(resource);
    }
    ErrorResponses.mappers().forEach(builder::addProvider);
    return builder.build();
  }

  /** The response's body as JSON. */
  static JsonNode json(Response response) throws Exception {
    return JSON.readTree(response.readEntity(String.class));
  }
}
