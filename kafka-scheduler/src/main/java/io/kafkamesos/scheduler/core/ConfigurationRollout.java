package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.util.Objects;

/**
 * Turns the {@link PlanCoordinator}'s plan into rolling restarts: the broker the plan restarts next
 * is marked, and the scheduler kills it when the {@link RollGate} lets it. Only marks the records.
 * Used on the scheduler's thread.
 */
final class ConfigurationRollout {

  private final SchedulerSettings settings;
  private final BrokerRecords records;
  private final PlanCoordinator coordinator;

  ConfigurationRollout(SchedulerSettings settings, BrokerRecords records, PlanCoordinator coordinator) {
    this.settings = Objects.requireNonNull(settings);
    this.records = Objects.requireNonNull(records);
    this.coordinator = Objects.requireNonNull(coordinator);
  }

  /** Builds the plan from the records just loaded. */
  void start() {
    coordinator.start(settings, records.asMap()).forEach(records::save);
  }

  /**
   * Lets the configuration plan move on: the broker it restarts is marked for a rolling restart.
   *
   * @param mayAct whether the scheduler is subscribed and Mesos confirmed its tasks
   */
  void tick(boolean mayAct) {
    var actions = coordinator.tick(records.asMap(), mayAct);
    for (int id : actions.restart()) {
      BrokerRecord r = records.get(id);
      if (r != null && r.state().hasLiveTask() && r.restart() == RestartMode.NONE) {
        records.save(r.withRestart(RestartMode.ROLLING, coordinator.restartReason()));
      }
    }
    for (int id : actions.relaunch()) {
      BrokerRecord r = records.get(id);
      if (r != null && r.state() == BrokerState.FAILED && r.restart() == RestartMode.NONE) {
        // its backoff was earned on the spec it failed on; its step brings another
        records.save(r.withRestart(RestartMode.ROLLING, coordinator.restartReason()));
      }
    }
  }
}
