package io.kafkamesos.executor.broker;

import java.util.OptionalInt;

/**
 * How far a running broker JVM is with its startup. Matters because Kafka 2.4 registers in
 * ZooKeeper before it has finished starting, and a SIGTERM before then makes it log "Kafka server
 * is still starting up, cannot shut down!" and halt instead of shutting down in a controlled way.
 */
public enum Startup {
  /** Not finished starting (or not known to have finished): not healthy, and not to be SIGTERMed. */
  STARTING,
  /** Finished starting and serving ({@code RunningAsBroker}). */
  STARTED,
  /** Past startup and shutting down already; a SIGTERM does no harm. */
  STOPPING;

  /** {@code kafka.server.BrokerStates} in Kafka 2.4: {@code RunningAsBroker}. */
  static final int RUNNING_AS_BROKER = 3;
  /** {@code PendingControlledShutdown}. */
  static final int PENDING_CONTROLLED_SHUTDOWN = 6;
  /** {@code BrokerShuttingDown}. */
  static final int BROKER_SHUTTING_DOWN = 7;

  /**
   * Judges the evidence: the broker's {@code BrokerState} gauge read over JMX wins; only when JMX
   * could not be read does the "started" line in the broker's log decide.
   *
   * @param brokerState the value of {@code kafka.server:type=KafkaServer,name=BrokerState}, empty
   *     when it could not be read
   * @param startedLogged whether the broker's log has its {@code [KafkaServer id=<id>] started} line
   */
  public static Startup judge(OptionalInt brokerState, boolean startedLogged) {
    if (brokerState.isEmpty()) {
      return startedLogged ? STARTED : STARTING;
    }
    return switch (brokerState.getAsInt()) {
      case RUNNING_AS_BROKER -> STARTED;
      case PENDING_CONTROLLED_SHUTDOWN, BROKER_SHUTTING_DOWN -> STOPPING;
      default -> STARTING; // NotRunning (0), Starting (1), RecoveringFromUncleanShutdown (2)
    };
  }

  /** Whether a SIGTERM now leads to a controlled shutdown. */
  public boolean safeToTerminate() {
    return this != STARTING;
  }
}
