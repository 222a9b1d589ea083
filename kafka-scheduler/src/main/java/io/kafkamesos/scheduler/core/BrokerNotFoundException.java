package io.kafkamesos.scheduler.core;

/** The cluster has no broker (or controller) with this id. */
public final class BrokerNotFoundException extends RuntimeException {
  public BrokerNotFoundException(int brokerId, int brokerCount) {
    super("broker " + brokerId + " does not exist: the cluster has brokers 0 to " + (brokerCount - 1));
  }

  /** A broker id of the cluster that no longer exists, for {@code why}. */
  public BrokerNotFoundException(int brokerId, int brokerCount, String why) {
    super("broker " + brokerId + " does not exist: " + why + " (BROKER_COUNT=" + brokerCount
        + " counts it, but a removed id never returns)");
  }

  /** A node that does not exist, in words ({@code controller 7 does not exist; ...}). */
  public BrokerNotFoundException(String message) {
    super(message);
  }
}
