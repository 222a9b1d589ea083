package io.kafkamesos.scheduler.state;

/** The state store could not be read or written. */
public final class StateStoreException extends RuntimeException {
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
