package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.io.IOException;

/** Starts the broker a task describes. The executor's only way to make a broker process. */
public interface BrokerRunner {

  /**
   * Prepares the sandbox for the broker and starts it; the listener then hears whether it becomes
   * healthy or fails.
   *
   * @throws IOException when the sandbox cannot be prepared or the process cannot start; the
   *     message is fit for a TASK_FAILED status
   */
  RunningBroker start(BrokerTaskSpec spec, BrokerSupervisor.Listener listener) throws IOException;
}
