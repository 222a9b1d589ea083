package io.kafkamesos.scheduler.api;

/** A request parameter the API cannot use; the message names it and what it must be (400). */
public final class InvalidRequestException extends RuntimeException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
