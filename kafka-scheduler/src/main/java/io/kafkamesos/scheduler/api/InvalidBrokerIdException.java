package io.kafkamesos.scheduler.api;

/** A path named a broker with something that is not a broker id. */
public final class InvalidBrokerIdException extends RuntimeException {
  public InvalidBrokerIdException(String text) {
    super("invalid broker id '" + text + "': a broker id is a non-negative integer, e.g. 0");
  }
}
