package io.kafkamesos.scheduler.api;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;

/**
 * Wires the API's error contract into the application: {@link ErrorResponses} for Jersey,
 * {@link MalformedRequestFilter} and {@link JsonErrorHandler} on both connectors (API and admin).
 * After it, every error the server answers is {@code {"code": N, "message": "..."}}.
 */
public final class HttpErrors {

  private HttpErrors() {
  }

  public static void install(Environment environment) {
    ErrorResponses.mappers().forEach(environment.jersey()::register);
    environment.servlets().addFilter("malformed-requests", new MalformedRequestFilter(false))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    environment.admin().addFilter("malformed-requests", new MalformedRequestFilter(true))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    JsonErrorHandler.install(environment);
  }
}
