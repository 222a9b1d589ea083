package io.kafkamesos.scheduler.core;

/** The broker is configured but has no registration in Kafka's ZooKeeper (it is not up). */
public final class BrokerNotRegisteredException extends RuntimeException {
  public BrokerNotRegisteredException(int brokerId, String detail) {
    super("broker " + brokerId + " is not registered in ZooKeeper" + (detail == null ? "" : ": " + detail));
  }
}
