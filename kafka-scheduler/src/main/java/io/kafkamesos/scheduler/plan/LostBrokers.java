package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a broker lost with its agent is waiting for, and when it stops waiting. Pure: the time comes
 * in. A lost broker (state {@link BrokerState#LOST}, since {@code failedAtMillis}) waits for its
 * agent for the grace period; after it the health check asks for a replace; after the optional
 * auto-replace delay the scheduler replaces it itself.
 */
public final class LostBrokers {

  private final FaultSettings settings;

  public LostBrokers(FaultSettings settings) {
    this.settings = Objects.requireNonNull(settings);
  }

  /** When the broker was lost, or null when it is not lost. */
  public static Instant lostSince(BrokerRecord r) {
    return r.state() == BrokerState.LOST ? Instant.ofEpochMilli(r.failedAtMillis()) : null;
  }

  /** Whether the grace period for its agent to return is over. */
  public boolean graceOver(BrokerRecord r, Instant now) {
    Instant since = lostSince(r);
    return since != null && !now.isBefore(since.plus(settings.lostGrace()));
  }

  /** Whether the scheduler should replace it now without an operator (auto-replace is on and due). */
  public boolean replaceDue(BrokerRecord r, Instant now) {
    Instant since = lostSince(r);
    return since != null && settings.autoReplace().map(d -> !now.isBefore(since.plus(d))).orElse(false);
  }

  /** The line the health check and the status page show for a lost broker; null when not lost. */
  public String describe(BrokerRecord r, Instant now) {
    Instant since = lostSince(r);
    if (since == null) {
      return null;
    }
    String host = r.reservation() != null ? r.reservation().hostname() : r.hostname();
    String agent = r.reservation() != null ? r.reservation().agentId() : r.agentId();
    String head = r.describe() + " lost with agent " + agent + " (" + host + ") since "
        + since + " (" + (r.lastStatus() == null ? "no status" : r.lastStatus()) + ")";
    String replace = r.kind().controller()
        ? "replace it with PUT /v1/controllers/" + r.brokerId() + "/replace if that machine will not"
            + " come back (a dynamic quorum only: Kafka 4)"
        : "replace it with `dcos kafka broker replace " + r.brokerId()
            + "` (PUT /v1/brokers/" + r.brokerId() + "/replace) if that machine will not come back";
    if (!graceOver(r, now)) {
      Duration left = Duration.between(now, since.plus(settings.lostGrace()));
      return head + "; waiting " + left.toSeconds() + " s more for it to return with its data ("
          + replace + ")";
    }
    String auto = settings.autoReplace()
        .map(d -> "; it is replaced automatically at " + since.plus(d)).orElse("");
    return head + "; the grace period of " + settings.lostGrace().toSeconds() + " s is over: " + replace
        + auto;
  }
}
