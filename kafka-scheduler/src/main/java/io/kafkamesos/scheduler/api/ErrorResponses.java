package io.kafkamesos.scheduler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import io.kafkamesos.scheduler.access.AccessException;
import io.kafkamesos.scheduler.core.BrokerConflictException;
import io.kafkamesos.scheduler.core.BrokerNotFoundException;
import io.kafkamesos.scheduler.core.BrokerNotRegisteredException;
import io.kafkamesos.scheduler.core.OrphanNotFoundException;
import io.kafkamesos.scheduler.core.PlanStepException;
import io.kafkamesos.scheduler.core.SchedulerUnavailableException;
import io.kafkamesos.scheduler.topic.TopicException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the API's failures become HTTP answers. Every domain exception of the broker,
 * plan, reservation, topic, user and ACL operations maps to its status and Dropwizard's error shape
 * {@code {"code": 404, "message": "..."}}, the shape of Jersey's own errors (unknown path, wrong
 * method) and, through {@link JsonErrorHandler}, of the errors Jetty raises before any resource
 * runs. Anything else is a bug: Dropwizard's {@link LoggingExceptionMapper} logs it with an id and
 * answers 500 with that id, never a stack trace.
 */
public final class ErrorResponses implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private final ExceptionMapper<Throwable> others = new LoggingExceptionMapper<>() {
  };

  /** What the API registers with Jersey (see {@link HttpErrors} for the whole contract). */
  public static List<Object> mappers() {
    return List.of(new ErrorResponses());
  }

  /**
   * The status a domain failure is answered with; empty for anything else (Jersey's own
   * {@code WebApplicationException}s, bugs).
   */
  static OptionalInt status(RuntimeException e) {
    if (e instanceof BrokerNotFoundException || e instanceof BrokerNotRegisteredException
        || e instanceof OrphanNotFoundException) {
      return OptionalInt.of(404);
    }
    if (e instanceof InvalidBrokerIdException || e instanceof InvalidRequestException) {
      return OptionalInt.of(400);
    }
    if (e instanceof PlanStepException step) {
      return OptionalInt.of(step.notFound() ? 404 : 400);
    }
    if (e instanceof BrokerConflictException) {
      return OptionalInt.of(409);
    }
    if (e instanceof SchedulerUnavailableException) {
      return OptionalInt.of(503);
    }
    if (e instanceof TopicException topic) {
      return OptionalInt.of(topic.kind().status());
    }
    if (e instanceof AccessException access) {
      return OptionalInt.of(access.status());
    }
    return OptionalInt.empty();
  }

  @Override
  public Response toResponse(RuntimeException e) {
    OptionalInt status = status(e);
    if (status.isEmpty()) {
      return others.toResponse(e);
    }
    if (status.getAsInt() >= 500) {
      // the cause says what failed underneath (ZooKeeper, Kafka): worth a stack in the log
      LOG.warn("Request failed ({}): {}", status.getAsInt(), e.getMessage(), e.getCause());
    } else {
      LOG.info("Request refused ({}): {}", status.getAsInt(), e.getMessage());
    }
    return json(status.getAsInt(), e.getMessage());
  }

  /** {@code {"code": status, "message": message}} as {@code application/json}. */
  static Response json(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(status, message))
        .build();
  }
}
