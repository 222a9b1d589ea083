package io.kafkamesos.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.errors.ErrorMessage;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's error pages as the API's JSON errors: {@code {"code": 400, "message": "..."}} (Dropwizard's
 * shape) for whatever Jetty refuses before a resource runs (a malformed request line, an ambiguous
 * or badly encoded path, a header or URI too large, a method the server does not allow, a path no
 * servlet serves), whatever the method and whatever the client accepts. Jetty's own handler writes
 * HTML, and nothing at all for PUT and DELETE. Never a stack trace: the message is Jetty's reason.
 * Set on the server (errors before a context is chosen) and on the API's and the admin's contexts.
 */
public final class JsonErrorHandler extends ErrorHandler {

  /** What a servlet's {@code sendError(code, message)} leaves on the request. */
  private static final String SERVLET_ERROR_MESSAGE = "jakarta.servlet.error.message";
  private static final String SERVLET_ERROR_EXCEPTION = "jakarta.servlet.error.exception";

  private final ObjectMapper json;

  public JsonErrorHandler(ObjectMapper json) {
    this.json = Objects.requireNonNull(json);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int code = response.getStatus();
    String message = firstText(request.getAttribute(ERROR_MESSAGE),
        request.getAttribute(SERVLET_ERROR_MESSAGE));
    Object cause = request.getAttribute(ERROR_EXCEPTION);
    if (cause == null) {
      cause = request.getAttribute(SERVLET_ERROR_EXCEPTION);
    }
    if (cause instanceof HttpException http) {
      code = http.getCode();
      response.setStatus(code);
      if (message == null) {
        message = http.getReason();
      }
    }
    response.getHeaders().put(ERROR_CACHE_CONTROL);
    if (HttpStatus.hasNoBody(code) || "HEAD".equals(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    byte[] body = body(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /**
   * The JSON body for an error: {@code "HTTP 400 Bad Request: <Jetty's reason>"}, or the status line
   * alone when Jetty gave no other reason (as Jersey words its own errors).
   */
  byte[] body(int code, String message) {
    String status = "HTTP " + code + " " + HttpStatus.getMessage(code);
    String text = message == null || message.isBlank() || message.equals(HttpStatus.getMessage(code))
        ? status : status + ": " + message;
    try {
      return json.writeValueAsBytes(new ErrorMessage(code, text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error as JSON", e);
    }
  }

  /**
   * Errors of malformed requests that Jetty answers without a request object (a bad request line,
   * headers too large): the same JSON.
   */
  @Override
  public ByteBuffer badMessageError(int status, String reason,
      org.eclipse.jetty.http.HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  /**
   * Answers every error of the application's server in JSON: on both contexts (API and admin) and
   * on the server itself, for requests refused before a context is chosen.
   */
  public static void install(Environment environment) {
    JsonErrorHandler handler = new JsonErrorHandler(environment.getObjectMapper());
    environment.getApplicationContext().setErrorHandler(handler);
    environment.getAdminContext().setErrorHandler(handler);
    environment.lifecycle().addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          server.setErrorHandler(handler);
        }
      }
    });
  }

  private static String firstText(Object... candidates) {
    for (Object candidate : candidates) {
      if (candidate instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}
