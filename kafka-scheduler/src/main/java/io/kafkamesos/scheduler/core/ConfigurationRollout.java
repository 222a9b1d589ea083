package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.RestartMode;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns configuration changes into rolling restarts: through the {@link PlanCoordinator}'s plan when
 * the scheduler has one, else by marking each broker launched with another configuration. Only marks
 * the records; the scheduler kills them when the {@link RollGate} lets it. Used on the scheduler's
 * thread.
 */
final class ConfigurationRollout {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationRollout.class);

  private final SchedulerSettings settings;
  private final BrokerRecords records;
  /** Rolls out the target configuration; null: configuration changes roll without a plan. */
  private final PlanCoordinator coordinator;

  ConfigurationRollout(SchedulerSettings settings, BrokerRecords records, PlanCoordinator coordinator) {
    this.settings = Objects.requireNonNull(settings);
    this.records = Objects.requireNonNull(records);
    this.coordinator = coordinator;
  }

  /** Starts the roll-out from the records just loaded. */
  void start() {
    if (coordinator != null) {
      coordinator.start(settings, records.asMap()).forEach(records::save);
    } else {
      rollOutConfiguration();
    }
  }

  /** Brokers launched with another configuration restart one at a time to take the current one. */
  private void rollOutConfiguration() {
    String current = settings.brokerConfigId();
    for (BrokerRecord r : List.copyOf(records.values())) {
      if (r.brokerId() < settings.brokerCount() && r.configId() != null && !current.equals(r.configId())
          && r.state().hasLiveTask() && r.restart() == RestartMode.NONE) {
        String reason = "configuration changed (" + r.configId() + " -> " + current + ")";
        LOG.info("Broker {}: {}; it will restart when every other broker runs", r.brokerId(), reason);
        records.save(r.withRestart(RestartMode.ROLLING, reason));
      }
    }
    if (records.asMap().keySet().stream().anyMatch(id -> id >= settings.brokerCount())) {
      LOG.warn("Brokers {} are beyond BROKER_COUNT={} and are left as they are: removing brokers "
          + "is a manual step", records.asMap().keySet().stream().filter(id -> id >= settings.brokerCount())
          .toList(), settings.brokerCount());
    }
  }

  /**
   * Lets the configuration plan move on: the broker it restarts is marked for a rolling restart.
   *
   * @param mayAct whether the scheduler is subscribed and Mesos confirmed its tasks
   */
  void tick(boolean mayAct) {
    if (coordinator == null) {
      return;
    }
    for (int id : coordinator.tick(records.asMap(), mayAct)) {
      BrokerRecord r = records.get(id);
      if (r != null && r.state().hasLiveTask() && r.restart() == RestartMode.NONE) {
        records.save(r.withRestart(RestartMode.ROLLING, coordinator.restartReason()));
      }
    }
  }
}
