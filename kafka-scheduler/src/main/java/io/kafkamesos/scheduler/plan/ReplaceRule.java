package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.Optional;

/** Whether a broker may be replaced (launched afresh elsewhere, its old volume given up). Pure. */
public final class ReplaceRule {

  private ReplaceRule() {
  }

  /**
   * @param record the broker's record, or null if it was never launched
   * @param force whether the operator accepts losing a healthy broker's data
   * @return why the replace is refused (an HTTP 409), or empty when it may go ahead
   */
  public static Optional<String> refusal(int brokerId, BrokerRecord record, boolean force) {
    if (record == null) {
      return Optional.empty(); // nothing to throw away
    }
    if (record.state() == BrokerState.REMOVED || record.state() == BrokerState.REMOVING) {
      return Optional.of("broker " + brokerId + " is " + record.state().name().toLowerCase(java.util.Locale.ROOT)
          + "; it cannot be replaced");
    }
    boolean healthy = record.state() == BrokerState.RUNNING || record.state() == BrokerState.STAGING;
    if (healthy && !force) {
      return Optional.of("broker " + brokerId + " is " + record.state() + " on " + record.hostname()
          + "; replacing it throws its data away (" + (record.reservation() == null ? "no volume"
          : "volume " + record.reservation().volumeId()) + ") and Kafka copies every partition again; "
          + "add ?force=true to replace it anyway, or restart it with PUT /v1/brokers/" + brokerId);
    }
    return Optional.empty();
  }
}
