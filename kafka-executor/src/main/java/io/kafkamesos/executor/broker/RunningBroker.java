package io.kafkamesos.executor.broker;

import java.time.Duration;

/** A broker that was started and can be stopped; the seam between the executor and the process. */
public interface RunningBroker {

  /**
   * Stops the broker (SIGTERM, then SIGKILL after {@code grace}) and blocks until it is gone.
   * Idempotent. Once called, the broker's listener hears no more failures.
   */
  BrokerSupervisor.StopResult stop(Duration grace);
}
