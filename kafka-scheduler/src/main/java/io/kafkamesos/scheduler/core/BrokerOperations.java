package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.RemovalRule;
import io.kafkamesos.scheduler.plan.ReplaceRule;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's requests on brokers: restart one or all, replace, remove. Checks each request
 * against the cluster, stores what it asks for, and has the scheduler re-plan ({@code tick}) so the
 * request takes effect at once. Used on the scheduler's thread.
 */
final class BrokerOperations {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerOperations.class);

  private final SchedulerSettings settings;
  private final BrokerRecords records;
  private final SchedulerMetrics metrics;
  /** Rolls out the target configuration; a restart of every broker is a plan of its own. */
  private final PlanCoordinator coordinator;
  private final FaultTicker faults;
  private final Removals removals;
  private final Runnable tick;

  /** @param tick the scheduler's re-plan, run after each accepted request */
  BrokerOperations(SchedulerSettings settings, BrokerRecords records, SchedulerMetrics metrics,
      PlanCoordinator coordinator, FaultTicker faults, Removals removals, Runnable tick) {
    this.settings = Objects.requireNonNull(settings);
    this.records = Objects.requireNonNull(records);
    this.metrics = Objects.requireNonNull(metrics);
    this.coordinator = Objects.requireNonNull(coordinator);
    this.faults = Objects.requireNonNull(faults);
    this.removals = Objects.requireNonNull(removals);
    this.tick = Objects.requireNonNull(tick);
  }

  /** @see BrokerScheduler#restart */
  List<String> restart(int brokerId) {
    return List.of(requestRestart(brokerId, RestartMode.NOW));
  }

  /** @see BrokerScheduler#restartAll */
  List<String> restartAll() {
    // through the plan: one at a time, with the safety rule, visible in /v1/plan (refused while
    // an upgrade's phases are under way)
    coordinator.restartAll(records.asMap());
    List<String> ids = new ArrayList<>();
    for (int id = 0; id < settings.brokerCount(); id++) {
      metrics.restarts.inc();
      ids.add(records.withNextTaskId(id).nextTaskId());
    }
    tick.run();
    return ids;
  }

  /** A controller's restart (the caller checked it is one): killed once the quorum allows it. */
  List<String> restartNode(int nodeId) {
    return List.of(restartNow(nodeId, RestartMode.NOW));
  }

  /** @see BrokerScheduler#renewCertificate */
  boolean renewCertificate(int nodeId, String reason) {
    BrokerRecord r = records.get(nodeId);
    if (r != null && r.restart() != RestartMode.NONE) {
      return true; // a restart is asked for already, and brings a new certificate
    }
    if (r == null || r.state() != BrokerState.RUNNING) {
      return false; // not running: its next launch brings a new certificate
    }
    metrics.restarts.inc();
    records.save(r.withRestart(RestartMode.ROLLING, reason));
    tick.run();
    return true;
  }

  private String requestRestart(int brokerId, RestartMode mode) {
    records.requireMember(brokerId);
    return restartNow(brokerId, mode);
  }

  private String restartNow(int brokerId, RestartMode mode) {
    metrics.restarts.inc();
    BrokerRecord r = records.withNextTaskId(brokerId);
    if (r.state() == BrokerState.KILLING || r.state() == BrokerState.PENDING) {
      return r.nextTaskId(); // a restart is under way already, or it waits to launch anyway
    }
    records.save(r.withRestart(mode, "restart requested"));
    LOG.info("{}: restart requested ({}), next task {}", r.describe(), mode, r.nextTaskId());
    tick.run();
    return r.nextTaskId();
  }

  /** @see BrokerScheduler#replace */
  String replace(int brokerId, boolean force) {
    records.requireMember(brokerId);
    BrokerRecord r = records.get(brokerId);
    ReplaceRule.refusal(brokerId, r, force).ifPresent(m -> {
      throw new BrokerConflictException(m);
    });
    String taskId = faults.replace(brokerId, force ? "replace forced by the operator" : "replace requested");
    tick.run();
    return taskId;
  }

  /**
   * Replaces a controller (the caller checked it is one): launched afresh elsewhere on a new volume
   * to join the quorum, its old reservation given up. A static quorum's voters cannot change.
   *
   * @see BrokerScheduler#replaceController
   */
  String replaceController(int nodeId, boolean force, QuorumMode quorum) {
    if (quorum != QuorumMode.DYNAMIC) {
      throw new BrokerConflictException("controller " + nodeId + " cannot be replaced: the cluster"
          + " runs Kafka " + settings.kafka().version() + " with a static quorum"
          + " (controller.quorum.voters), whose voters are fixed for the cluster's life; a"
          + " controller whose agent is gone waits for it to return with its volume. Kafka 4 runs a"
          + " dynamic quorum, whose controllers can be replaced");
    }
    BrokerRecord r = records.get(nodeId);
    boolean healthy = r != null && (r.state() == BrokerState.RUNNING || r.state() == BrokerState.STAGING);
    if (healthy && !force) {
      throw new BrokerConflictException("controller " + nodeId + " is " + r.state() + " on "
          + r.hostname() + "; replacing it throws its copy of the metadata log away (volume "
          + (r.reservation() == null ? "none" : r.reservation().volumeId()) + ") and the quorum runs"
          + " on the others while the new one catches up; add ?force=true to replace it anyway, or"
          + " restart it with PUT /v1/controllers/" + nodeId);
    }
    String taskId = faults.replace(nodeId, force ? "replace forced by the operator" : "replace requested");
    tick.run();
    return taskId;
  }

  /** @see BrokerScheduler#remove */
  String remove(int brokerId) {
    records.requireMember(brokerId);
    ClusterView now = removals.readNow(records.members());
    BrokerRecord r = records.get(brokerId);
    int removing = records.values().stream().filter(x -> x.state() == BrokerState.REMOVING)
        .mapToInt(BrokerRecord::brokerId).findFirst().orElse(-1);
    RemovalRule.refusal(brokerId, r, records.members(), now.partitions(), removing).ifPresent(m -> {
      throw new BrokerConflictException(m);
    });
    if (r == null) {
      r = BrokerRecord.pending(brokerId, records.freshTaskId(brokerId), "never launched");
    }
    if (r.state() != BrokerState.REMOVING) {
      records.save(r.withRestart(RestartMode.NONE, "remove requested").withState(BrokerState.REMOVING));
      LOG.warn("Broker {}: removal requested; moving its {} partition replicas to brokers {}", brokerId,
          RemovalRule.replicasOn(brokerId, now.partitions()), remainingAfter(brokerId));
    }
    removals.started(brokerId, records.members());
    tick.run();
    return "remove-" + brokerId;
  }

  private Set<Integer> remainingAfter(int brokerId) {
    Set<Integer> ids = new java.util.TreeSet<>(records.members());
    ids.remove(brokerId);
    return ids;
  }
}
