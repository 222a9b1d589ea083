package io.kafkamesos.scheduler.kafka;

/** Kafka (or its ZooKeeper) cannot be asked now; the message says why and what to check. */
public final class KafkaUnavailableException extends RuntimeException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public KafkaUnavailableException(String message) {
    super(message);
  }
}
