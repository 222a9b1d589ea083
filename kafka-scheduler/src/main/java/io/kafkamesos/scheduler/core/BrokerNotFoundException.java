package io.kafkamesos.scheduler.core;

/** The cluster has no broker with this id. */
public final class BrokerNotFoundException extends RuntimeException {
  public BrokerNotFoundException(int brokerId, int brokerCount) {
    super("broker " + brokerId + " does not exist: the cluster has brokers 0 to " + (brokerCount - 1));
  }

  /** A broker id of the cluster that no longer exists, for {@code why}. */
  public BrokerNotFoundException(int brokerId, int brokerCount, String why) {
    super("broker " + brokerId + " does not exist: " + why + " (BROKER_COUNT=" + brokerCount
        + " counts it, but a removed id never returns)");
  }
}
