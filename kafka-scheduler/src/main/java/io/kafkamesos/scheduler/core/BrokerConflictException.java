package io.kafkamesos.scheduler.core;

/** The request conflicts with the broker's or the cluster's state (HTTP 409); the message says why. */
public final class BrokerConflictException extends RuntimeException {
  public BrokerConflictException(String message) {
    super(message);
  }
}
