package io.kafkamesos.scheduler.plan;

import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.commons.kafka.VersionChange;
import io.kafkamesos.scheduler.settings.DynamicBrokerConfigs;
import io.kafkamesos.scheduler.settings.SchedulerSettings.BrokerResources;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a wanted configuration with the current target: which changes are allowed, which need a
 * rolling restart, which Kafka applies at run time, and which are refused. Pure.
 *
 * <p>Refused: another framework name, role, principal or Kafka ZooKeeper (the cluster's state and
 * reservations live under them); turning persistent volumes off (the data would be left behind);
 * fewer brokers (until brokers can be removed safely); a Kafka version the catalogue gives no way to
 * (a downgrade once the inter-broker protocol was raised, a protocol lowered, anything that needs
 * KRaft); a change of metadata mode other than a ZooKeeper-mode cluster's migration to KRaft on
 * its own version; and, with persistent volumes, more cpus, memory
 * or disk per broker (its reservation and volume have a fixed size; growing them is not done yet).
 */
public final class ConfigComparison {

  /**
   * The refusal of {@code KAFKA_METADATA_MODE} KRAFT -> ZOOKEEPER; lifted only during a migration
   * that can still be reverted ({@code TargetResolver}, {@link Revert#refusal}).
   */
  public static final String BACK_TO_ZOOKEEPER = "KAFKA_METADATA_MODE cannot go back from KRAFT to"
      + " ZOOKEEPER: a KRaft cluster's metadata lives in its controller quorum (a migration to KRaft"
      + " can be reverted until the operator lets its finalize gate pass)";

  private ConfigComparison() {
  }

  /** {@link #compare(TargetConfiguration, TargetConfiguration, String)} of a cluster that speaks its target's protocol. */
  public static ConfigChange compare(TargetConfiguration current, TargetConfiguration wanted) {
    return compare(current, wanted,
        KafkaVersions.protocolOf(current.version(), current.overrides()));
  }

  /**
   * @param protocolInForce the {@code inter.broker.protocol.version} the cluster speaks now: during
   *     an upgrade whose protocol is not raised yet, the upgrade's pin
   *     ({@link PlanStates#protocolInForce})
   */
  public static ConfigChange compare(TargetConfiguration current, TargetConfiguration wanted,
      String protocolInForce) {
    return compare(current, wanted, protocolInForce, current.version().metadataVersion());
  }

  /**
   * @param metadataInForce a KRaft cluster's {@code metadata.version} now: during an upgrade whose
   *     raise has not begun, the level it keeps ({@link PlanStates#metadataInForce})
   */
  public static ConfigChange compare(TargetConfiguration current, TargetConfiguration wanted,
      String protocolInForce, String metadataInForce) {
    Objects.requireNonNull(current);
    Objects.requireNonNull(wanted);
    List<String> changes = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    boolean restart = false;

    if (!current.frameworkName().equals(wanted.frameworkName())) {
      changes.add(change("FRAMEWORK_NAME", current.frameworkName(), wanted.frameworkName()));
      refusals.add("FRAMEWORK_NAME cannot change on a running cluster (" + current.frameworkName()
          + " -> " + wanted.frameworkName() + "): the scheduler's state, the Kafka chroot and the"
          + " reservations belong to the name; install a new cluster under the new name instead");
    }
    refuseChange(changes, refusals, "FRAMEWORK_ROLE", current.role(), wanted.role(),
        "the brokers' reservations and volumes belong to the role");
    refuseChange(changes, refusals, "FRAMEWORK_PRINCIPAL", current.principal(), wanted.principal(),
        "the brokers' reservations and volumes belong to the principal");
    refuseChange(changes, refusals, "KAFKA_ZK_CONNECT", current.kafkaZookeeperConnect(),
        wanted.kafkaZookeeperConnect(), "the cluster's topics and offsets live in that ZooKeeper");

    if (wanted.brokerCount() < current.brokerCount()) {
      changes.add(change("BROKER_COUNT", current.brokerCount(), wanted.brokerCount()));
      refusals.add("BROKER_COUNT cannot go down (" + current.brokerCount() + " -> "
          + wanted.brokerCount() + "): removing brokers safely is not supported yet; move their"
          + " partitions away and remove them by hand");
    } else if (wanted.brokerCount() > current.brokerCount()) {
      changes.add(change("BROKER_COUNT", current.brokerCount(), wanted.brokerCount()));
    }
    if (current.persistentVolumes() && !wanted.persistentVolumes()) {
      changes.add(change("BROKER_PV", "TRUE", "FALSE"));
      refusals.add("BROKER_PV cannot be turned off on a running cluster: the brokers' data is on"
          + " their persistent volumes and would be left behind");
    } else if (!current.persistentVolumes() && wanted.persistentVolumes()) {
      changes.add(change("BROKER_PV", "FALSE", "TRUE"));
      restart = true;
    }
    if (current.placement() != wanted.placement()) {
      // applies to launches from now on; running brokers stay where they are
      changes.add(change("PLACEMENT_STRATEGY", current.placement(), wanted.placement()));
    }

    restart |= resources(current, wanted, changes, refusals);
    restart |= kraft(current, wanted, changes, refusals);
    restart |= current.metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.KRAFT
        && wanted.metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.KRAFT
        ? kraftVersion(current, wanted, metadataInForce, changes, refusals)
        : version(current, wanted, protocolInForce, changes, refusals);
    restart |= changed(changes, "KAFKA_URI", current.kafkaUri(), wanted.kafkaUri());
    restart |= changed(changes, "JAVA_URI", orUnset(current.javaUri()), orUnset(wanted.javaUri()));
    restart |= changed(changes, "EXECUTOR_URI", current.executorUri(), wanted.executorUri());
    restart |= changed(changes, "EXECUTOR_JAVA", current.javaCommand(), wanted.javaCommand());

    Map<String, String> dynamicSet = new TreeMap<>();
    Set<String> dynamicRemoved = new TreeSet<>();
    Set<String> keys = new TreeSet<>(current.overrides().keySet());
    keys.addAll(wanted.overrides().keySet());
    for (String key : keys) {
      String before = current.overrides().get(key);
      String after = wanted.overrides().get(key);
      if (Objects.equals(before, after)) {
        continue;
      }
      changes.add(change(variable(key), before == null ? "(unset)" : before,
          after == null ? "(unset)" : after)
          + (DynamicBrokerConfigs.isDynamic(key) ? " (applied at run time)" : ""));
      if (!DynamicBrokerConfigs.isDynamic(key)) {
        restart = true;
      } else if (after == null) {
        dynamicRemoved.add(key);
      } else {
        dynamicSet.put(key, after);
      }
    }

    List<Integer> added = new ArrayList<>();
    for (int id = current.brokerCount(); id < wanted.brokerCount(); id++) {
      added.add(id);
    }
    return new ConfigChange(changes, refusals, restart, added, dynamicSet, dynamicRemoved);
  }

  /**
   * A change of Kafka version, as the catalogue allows it: an upgrade along its paths (a plan that
   * pins the protocol, then raises it), or a way back while the protocol was never raised; on the
   * same version, a protocol that would go below what the cluster speaks is refused. Answers
   * whether the brokers move to other software.
   */
  private static boolean version(TargetConfiguration current, TargetConfiguration wanted,
      String protocolInForce, List<String> changes, List<String> refusals) {
    KafkaVersion from = current.version();
    KafkaVersion to = wanted.version();
    String wantedProtocol = KafkaVersions.protocolOf(to, wanted.overrides());
    VersionChange change = KafkaVersions.standard().change(from, protocolInForce, to, wantedProtocol);
    if (change.outcome() == VersionChange.Outcome.SAME) {
      if (protocolInForce != null && wantedProtocol != null
          && KafkaVersions.compareProtocols(wantedProtocol, protocolInForce) < 0) {
        refusals.add("KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION cannot lower the protocol the"
            + " brokers speak (" + protocolInForce + " -> " + wantedProtocol + "): Kafka does not"
            + " support lowering " + KafkaVersions.PROTOCOL_PROPERTY);
      }
      return false;
    }
    changes.add(change("KAFKA_VERSION", from, to) + " (" + change.message() + ")");
    if (change.refused()) {
      refusals.add("KAFKA_VERSION cannot change from " + from + " to " + to + ": " + change.message());
      return false;
    }
    return true;
  }

  /**
   * A KRaft cluster's change of Kafka version ({@link KafkaVersions#kraftChange}): an upgrade that
   * keeps {@code metadata.version} until its plan raises it, or a way back before the raise. A
   * release without ZooKeeper takes no ZooKeeper setting (Kafka 4 removed them). Answers whether
   * the nodes move to other software.
   */
  private static boolean kraftVersion(TargetConfiguration current, TargetConfiguration wanted,
      String metadataInForce, List<String> changes, List<String> refusals) {
    KafkaVersion from = current.version();
    KafkaVersion to = wanted.version();
    VersionChange change = KafkaVersions.standard().kraftChange(from, metadataInForce, to);
    if (change.outcome() == VersionChange.Outcome.SAME) {
      return false;
    }
    changes.add(change("KAFKA_VERSION", from, to) + " (" + change.message() + ")");
    if (change.refused()) {
      refusals.add("KAFKA_VERSION cannot change from " + from + " to " + to + ": " + change.message());
      return false;
    }
    if (!to.runs(io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER)) {
      Set<String> zookeeper = new TreeSet<>();
      wanted.overrides().keySet().stream().filter(k -> k.startsWith("zookeeper."))
          .forEach(k -> zookeeper.add(variable(k)));
      if (!zookeeper.isEmpty()) {
        refusals.add("KAFKA_VERSION cannot change to " + to + " while " + String.join(", ", zookeeper)
            + " set ZooKeeper properties: Kafka " + to + " has none; remove them first");
        return false;
      }
    }
    return true;
  }

  /**
   * The metadata mode and the controllers. The mode cannot change by a new target (from ZooKeeper
   * to KRaft is a migration, not a roll; back is never possible); nor can the number of controllers
   * yet, or their reserved resources grow (each controller's volume has a fixed size). A controller
   * heap, or cpus and memory within the reservation, may change: the target's plan then rolls the
   * controllers, one at a time with the quorum's rules, before the brokers. Answers whether the
   * controllers must restart for it.
   */
  private static boolean kraft(TargetConfiguration current, TargetConfiguration wanted,
      List<String> changes, List<String> refusals) {
    if (current.metadataMode() != wanted.metadataMode()) {
      changes.add(change("KAFKA_METADATA_MODE", current.metadataMode(), wanted.metadataMode())
          + (current.metadataMode() == io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER
              ? " (migration to KRaft)" : ""));
      if (current.metadataMode() != io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER) {
        refusals.add(BACK_TO_ZOOKEEPER);
        return false;
      }
      return migration(current, wanted, refusals);
    }
    if (current.metadataMode() != io.kafkamesos.commons.kafka.MetadataMode.KRAFT) {
      return false;
    }
    if (current.controllerCount() != wanted.controllerCount()) {
      changes.add(change("CONTROLLER_COUNT", current.controllerCount(), wanted.controllerCount()));
      refusals.add("CONTROLLER_COUNT cannot change on a running cluster yet (" + current.controllerCount()
          + " -> " + wanted.controllerCount() + "): adding and removing voters is not supported yet;"
          + " a controller whose machine is gone can be replaced (PUT /v1/controllers/{id}/replace)");
    }
    BrokerResources a = current.controller();
    BrokerResources b = wanted.controller();
    boolean restart = changed(changes, "CONTROLLER_CPUS", a.cpus(), b.cpus());
    restart |= changed(changes, "CONTROLLER_MEM", a.memMb(), b.memMb());
    restart |= changed(changes, "CONTROLLER_HEAP_MB", a.heapMb(), b.heapMb());
    restart |= changed(changes, "CONTROLLER_DISK", a.diskMb(), b.diskMb());
    Set<String> grown = new TreeSet<>();
    if (b.cpus() + wanted.executorCpus() > a.cpus() + current.executorCpus() + 1e-9) {
      grown.add("cpus");
    }
    if (b.memMb() + wanted.executorMemMb() > a.memMb() + current.executorMemMb()) {
      grown.add("memory");
    }
    if (b.diskMb() > a.diskMb()) {
      grown.add("disk");
    }
    if (!grown.isEmpty()) {
      refusals.add("the controllers' " + String.join(", ", grown) + " cannot grow: each controller's"
          + " reservation and volume have a fixed size and growing them is not supported yet"
          + " (shrinking is)");
    }
    return restart;
  }

  /**
   * A ZooKeeper-mode cluster asked for KRaft: Kafka's online migration, on a version that runs
   * both modes and speaks its own protocol ({@code inter.broker.protocol.version} 3.9 on 3.9.1),
   * with the version kept. Answers whether the migration may go (every node restarts).
   */
  private static boolean migration(TargetConfiguration current, TargetConfiguration wanted,
      List<String> refusals) {
    KafkaVersion version = current.version();
    String why = "KAFKA_METADATA_MODE cannot change from ZOOKEEPER to KRAFT";
    if (!version.equals(wanted.version())) {
      refusals.add(why + " together with KAFKA_VERSION (" + version + " -> " + wanted.version()
          + "): migrate to KRaft on the version the cluster runs first, then change the version");
      return false;
    }
    if (!version.runs(io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER)
        || !version.runs(io.kafkamesos.commons.kafka.MetadataMode.KRAFT)) {
      refusals.add(why + " on Kafka " + version + ": Kafka migrates from ZooKeeper to KRaft only"
          + " on a version that runs both (upgrade to 3.9.1 first)");
      return false;
    }
    String protocol = KafkaVersions.protocolOf(version, current.overrides());
    String own = KafkaVersions.protocolOf(version, Map.of());
    if (protocol != null && own != null && KafkaVersions.compareProtocols(protocol, own) < 0) {
      refusals.add(why + " while the brokers speak inter.broker.protocol.version " + protocol
          + ": Kafka's migration needs " + own + " (finish the upgrade first)");
      return false;
    }
    return true;
  }

  private static String orUnset(String value) {
    return value == null ? "(unset)" : value;
  }

  /** Resource changes; with persistent volumes growth is refused. Answers whether a restart is needed. */
  private static boolean resources(TargetConfiguration current, TargetConfiguration wanted,
      List<String> changes, List<String> refusals) {
    BrokerResources a = current.broker();
    BrokerResources b = wanted.broker();
    boolean restart = false;
    restart |= changed(changes, "BROKER_CPUS", a.cpus(), b.cpus());
    restart |= changed(changes, "BROKER_MEM", a.memMb(), b.memMb());
    restart |= changed(changes, "BROKER_HEAP_MB", a.heapMb(), b.heapMb());
    restart |= changed(changes, "BROKER_DISK", a.diskMb(), b.diskMb());
    restart |= changed(changes, "EXECUTOR_CPUS", current.executorCpus(), wanted.executorCpus());
    restart |= changed(changes, "EXECUTOR_MEM", current.executorMemMb(), wanted.executorMemMb());
    if (current.persistentVolumes() && wanted.persistentVolumes()) {
      Set<String> grown = new HashSet<>();
      if (b.cpus() + wanted.executorCpus() > a.cpus() + current.executorCpus() + 1e-9) {
        grown.add("cpus");
      }
      if (b.memMb() + wanted.executorMemMb() > a.memMb() + current.executorMemMb()) {
        grown.add("memory");
      }
      if (b.diskMb() > a.diskMb()) {
        grown.add("disk");
      }
      if (!grown.isEmpty()) {
        refusals.add("with BROKER_PV the brokers' " + String.join(", ", new TreeSet<>(grown))
            + " cannot grow: each broker's reservation and volume have a fixed size and growing"
            + " them is not supported yet (shrinking is)");
      }
    }
    return restart;
  }

  private static void refuseChange(List<String> changes, List<String> refusals, String variable,
      String before, String after, String why) {
    if (!before.equals(after)) {
      changes.add(change(variable, before, after));
      refusals.add(variable + " cannot change on a running cluster (" + before + " -> " + after
          + "): " + why);
    }
  }

  private static boolean changed(List<String> changes, String variable, Object before, Object after) {
    if (Objects.equals(before, after)) {
      return false;
    }
    changes.add(change(variable, before, after));
    return true;
  }

  private static String change(String variable, Object before, Object after) {
    return variable + ": " + before + " -> " + after;
  }

  /** {@code log.retention.ms} is set by {@code KAFKA_OVERRIDE_LOG_RETENTION_MS}. */
  static String variable(String property) {
    return "KAFKA_OVERRIDE_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
