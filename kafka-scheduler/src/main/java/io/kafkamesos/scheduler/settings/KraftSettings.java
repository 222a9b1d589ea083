package io.kafkamesos.scheduler.settings;

import io.kafkamesos.commons.kafka.MetadataMode;
import java.util.Objects;

/**
 * How a cluster keeps its metadata, and with KRaft its controllers.
 *
 * @param mode ZooKeeper or KRaft
 * @param controllerCount how many controllers a KRaft quorum has ({@code CONTROLLER_COUNT}, odd);
 *     see {@link #controllers()} for the cluster's
 * @param controller what each controller task gets ({@code CONTROLLER_CPUS}, {@code CONTROLLER_MEM},
 *     {@code CONTROLLER_HEAP_MB}, {@code CONTROLLER_DISK}: the size of its persistent volume)
 * @param modeRequested whether {@code KAFKA_METADATA_MODE} asked for the mode; without it an
 *     installed cluster keeps the mode it runs (a new one gets its version's default)
 */
public record KraftSettings(MetadataMode mode, int controllerCount,
    SchedulerSettings.BrokerResources controller, boolean modeRequested) {

  /** A ZooKeeper-mode cluster: no controllers of ours (Kafka elects one among the brokers). */
  public static final KraftSettings ZOOKEEPER = new KraftSettings(MetadataMode.ZOOKEEPER, 0,
      new SchedulerSettings.BrokerResources(0.5, 512, 256, 500), false);

  public KraftSettings {
    Objects.requireNonNull(mode);
    Objects.requireNonNull(controller);
  }

  /** As a target keeps it: the mode, the controllers, nothing about how it was asked for. */
  public KraftSettings(MetadataMode mode, int controllerCount,
      SchedulerSettings.BrokerResources controller) {
    this(mode, controllerCount, controller, false);
  }

  /** The same controller settings in {@code other}'s mode. */
  public KraftSettings inModeOf(KraftSettings other) {
    return new KraftSettings(other.mode, controllerCount, controller, false);
  }

  /** The controllers the cluster has: {@link #controllerCount} in KRaft, none in ZooKeeper mode. */
  public int controllers() {
    return isKraft() ? controllerCount : 0;
  }

  public boolean isKraft() {
    return mode == MetadataMode.KRAFT;
  }
}
