package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.io.IOException;

/**
 * Adjusts a broker's launch before its JVM starts (logging and metrics add their options here).
 * Called once per launch, on the executor's thread that starts the broker.
 */
@FunctionalInterface
public interface LaunchHook {

  /** Changes nothing. */
  LaunchHook NONE = (spec, launch) -> launch;

  /**
   * @return the launch to run: {@code launch} itself, or a copy with a changed command line
   * @throws IOException when a file the launch needs cannot be written
   */
  BrokerLaunch prepare(BrokerTaskSpec spec, BrokerLaunch launch) throws IOException;
}
