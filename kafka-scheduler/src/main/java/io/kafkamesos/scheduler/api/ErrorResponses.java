package io.kafkamesos.scheduler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.kafkamesos.scheduler.core.BrokerNotFoundException;
import io.kafkamesos.scheduler.core.BrokerNotRegisteredException;
import io.kafkamesos.scheduler.core.PlanStepException;
import io.kafkamesos.scheduler.core.SchedulerUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/**
 * The domain exceptions of the broker API as JSON errors ({@code {"code": 404, "message": "..."}},
 * Dropwizard's own error shape, so that every error of the API reads alike).
 */
public final class ErrorResponses {

  private ErrorResponses() {
  }

  /** Every mapper of this package, for registration. */
  public static List<Object> mappers() {
    return List.of(new NotFound(), new NotRegistered(), new InvalidId(), new Unavailable(),
        new PlanStep(), new Conflict(), new NoOrphan());
  }

  static Response json(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(status, message))
        .build();
  }

  /** Unknown broker: 404. */
  public static final class NotFound implements ExceptionMapper<BrokerNotFoundException> {
    @Override
    public Response toResponse(BrokerNotFoundException e) {
      return json(404, e.getMessage());
    }
  }

  /** A configured broker that is not up: 404, the registration does not exist. */
  public static final class NotRegistered implements ExceptionMapper<BrokerNotRegisteredException> {
    @Override
    public Response toResponse(BrokerNotRegisteredException e) {
      return json(404, e.getMessage());
    }
  }

  /** Not a broker id: 400. */
  public static final class InvalidId implements ExceptionMapper<InvalidBrokerIdException> {
    @Override
    public Response toResponse(InvalidBrokerIdException e) {
      return json(400, e.getMessage());
    }
  }

  /** ZooKeeper or the scheduler cannot answer now: 503. */
  public static final class Unavailable implements ExceptionMapper<SchedulerUnavailableException> {
    @Override
    public Response toResponse(SchedulerUnavailableException e) {
      return json(503, e.getMessage());
    }
  }

  /** A plan step that does not exist (404) or cannot be restarted (400). */
  public static final class PlanStep implements ExceptionMapper<PlanStepException> {
    @Override
    public Response toResponse(PlanStepException e) {
      return json(e.notFound() ? 404 : 400, e.getMessage());
    }
  }

  /** A replace or remove the broker's or the cluster's state does not allow: 409. */
  public static final class Conflict
      implements ExceptionMapper<io.kafkamesos.scheduler.core.BrokerConflictException> {
    @Override
    public Response toResponse(io.kafkamesos.scheduler.core.BrokerConflictException e) {
      return json(409, e.getMessage());
    }
  }

  /** No such orphan reservation: 404. */
  public static final class NoOrphan
      implements ExceptionMapper<io.kafkamesos.scheduler.core.OrphanNotFoundException> {
    @Override
    public Response toResponse(io.kafkamesos.scheduler.core.OrphanNotFoundException e) {
      return json(404, e.getMessage());
    }
  }
}
