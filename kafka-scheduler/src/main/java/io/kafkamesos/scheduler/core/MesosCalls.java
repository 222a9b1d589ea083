package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.plan.Plan;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls {@link BrokerScheduler} makes, over the {@link SchedulerDriver}: a failed call is logged
 * and left for the next event or tick to retry, except ACCEPT whose failure the caller must undo.
 * Also remembers whether offers are suppressed. Used on the scheduler's thread only.
 */
final class MesosCalls {

  private static final Logger LOG = LoggerFactory.getLogger(MesosCalls.class);

  private final SchedulerDriver driver;
  private final SchedulerMetrics metrics;
  private boolean suppressed;
  private Set<Integer> lastLaunchable = Set.of();

  MesosCalls(SchedulerDriver driver, SchedulerMetrics metrics) {
    this.driver = Objects.requireNonNull(driver);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /** A new subscription starts with offers flowing and no decline filters remembered. */
  void subscribed() {
    suppressed = false;
    lastLaunchable = Set.of();
  }

  /** @throws RuntimeException when Mesos refuses or cannot be reached: the launch did not happen */
  void accept(OfferID offerId, List<Offer.Operation> operations, Duration refuse) {
    driver.accept(List.of(offerId), operations, filters(refuse));
  }

  /** Declines the offers in one call (Mesos takes many offer ids in one DECLINE). */
  void decline(List<OfferID> offerIds, Duration refuse) {
    if (offerIds.isEmpty()) {
      return;
    }
    if (safely("decline", () -> driver.decline(List.copyOf(offerIds), filters(refuse)))) {
      metrics.offersDeclined.inc(offerIds.size());
    }
  }

  void kill(BrokerRecord r) {
    AgentID agent = r.agentId() == null ? null : AgentID.newBuilder().setValue(r.agentId()).build();
    safely("kill", () -> driver.kill(TaskID.newBuilder().setValue(r.taskId()).build(), agent));
  }

  void kill(TaskStatus status) {
    safely("kill", () -> driver.kill(status.getTaskId(), status.hasAgentId() ? status.getAgentId() : null));
  }

  void acknowledge(TaskStatus status) {
    if (status.hasUuid()) {
      safely("acknowledge", () -> driver.acknowledge(status.getAgentId(), status.getTaskId(),
          status.getUuid()));
    }
  }

  /** Asks for the state of the brokers' live tasks, then of every task of the framework. */
  void reconcile(Collection<BrokerRecord> records) {
    reconcile(records, Map.of());
  }

  /**
   * Explicit reconciliation of the brokers' tasks and of {@code others} (task id → agent id), then
   * implicit reconciliation.
   */
  void reconcile(Collection<BrokerRecord> records, Map<String, String> others) {
    List<Call.Reconcile.Task> known = new ArrayList<>();
    others.forEach((task, agent) -> known.add(Call.Reconcile.Task.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(task))
        .setAgentId(AgentID.newBuilder().setValue(agent)).build()));
    for (BrokerRecord r : records) {
      if (r.taskId() != null && r.state().reconcilable()) {
        Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue(r.taskId()));
        if (r.agentId() != null) {
          t.setAgentId(AgentID.newBuilder().setValue(r.agentId()));
        }
        known.add(t.build());
      }
    }
    LOG.info("Reconciling {} known tasks, then all tasks", known.size());
    if (!known.isEmpty()) {
      safely("reconcile", () -> driver.reconcile(known));
    }
    safely("reconcile", () -> driver.reconcile(List.of()));
  }

  /**
   * Revives when a broker newly waits for offers (which also clears the filters of earlier
   * declines), suppresses when none waits now or soon.
   */
  void reviveOrSuppress(Plan plan) {
    reviveOrSuppress(plan, false);
  }

  /** As {@link #reviveOrSuppress(Plan)}; {@code releasing}: abandoned reservations wait for offers. */
  void reviveOrSuppress(Plan plan, boolean releasing) {
    Set<Integer> launchable = new HashSet<>(plan.launch());
    if (!launchable.isEmpty() && (suppressed || !lastLaunchable.containsAll(launchable))) {
      LOG.info("Brokers {} wait for offers; reviving", plan.launch());
      if (safely("revive", driver::revive)) {
        suppressed = false;
      }
    } else if (releasing && suppressed) {
      LOG.info("Abandoned reservations wait to be released; reviving");
      if (safely("revive", driver::revive)) {
        suppressed = false;
      }
    } else if (!plan.wantsOffers() && !releasing && !suppressed) {
      LOG.info("No broker waits for resources; suppressing offers");
      if (safely("suppress", driver::suppress)) {
        suppressed = true;
      }
    }
    lastLaunchable = launchable;
  }

  private static Filters filters(Duration refuse) {
    return Filters.newBuilder().setRefuseSeconds(refuse.toSeconds()).build();
  }

  private static boolean safely(String what, Runnable call) {
    try {
      call.run();
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Mesos call {} failed: {}", what, e.getMessage());
      return false;
    }
  }
}
