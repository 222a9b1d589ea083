package io.kafkamesos.commons.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import io.kafkamesos.commons.node.QuorumMode;

/**
 * One Kafka release of the catalogue ({@link KafkaVersions}): what it is built with, what it can run
 * and speak, and where a cluster may go from it.
 *
 * @param version the release, {@code 3.9.1}
 * @param scalaVersion the Scala build of its broker, {@code 2.13}
 * @param modes the metadata modes its brokers can run
 * @param interBrokerProtocol the {@code inter.broker.protocol.version} it speaks ({@code 3.9}); null
 *     where the release has no such setting (Kafka 4: {@code metadata.version} replaced it)
 * @param logMessageFormat the {@code log.message.format.version} it writes ({@code 2.4}); null
 *     where the setting is gone (Kafka 4)
 * @param metadataVersion its newest {@code metadata.version} in KRaft mode ({@code 3.9-IV0}); null
 *     without KRaft
 * @param logging how its broker logs (which file of {@code config/})
 * @param brokerJava the oldest Java feature release its broker runs on
 * @param defaultVersion whether a new cluster gets it when no version is asked for
 * @param unsupported why the scheduler refuses to run it for now, or null when it runs it
 * @param upgrades the versions a cluster of this one may move to, and how
 * @param quorum how a KRaft cluster of this version names its controller quorum; null without
 *     KRaft. Kafka 3.9: static ({@code controller.quorum.voters}), because its migration from
 *     ZooKeeper works only with a static quorum; Kafka 4: dynamic (KIP-853), which Kafka prefers and
 *     which alone lets controllers be replaced
 */
public record KafkaVersion(
    String version,
    String scalaVersion,
    Set<MetadataMode> modes,
    String interBrokerProtocol,
    String logMessageFormat,
    String metadataVersion,
    BrokerLogging logging,
    int brokerJava,
    boolean defaultVersion,
    String unsupported,
    Map<String, UpgradeKind> upgrades,
    QuorumMode quorum) {

  public KafkaVersion {
    Objects.requireNonNull(version);
    Objects.requireNonNull(scalaVersion);
    modes = Set.copyOf(modes);
    Objects.requireNonNull(logging);
    upgrades = Map.copyOf(upgrades);
    if (modes.contains(MetadataMode.KRAFT) != (quorum != null)) {
      throw new IllegalArgumentException("Kafka " + version + ": a quorum mode is given exactly when"
          + " the version runs KRaft");
    }
  }

  /**
   * The metadata mode a new cluster of this version gets when the operator asks for none:
   * ZooKeeper where the version still runs it (Kafka 3.9 runs KRaft only when asked, at install),
   * else KRaft.
   */
  public MetadataMode defaultMode() {
    return modes.contains(MetadataMode.ZOOKEEPER) ? MetadataMode.ZOOKEEPER : MetadataMode.KRAFT;
  }

  /** Whether the scheduler runs clusters of this version now. */
  public boolean supported() {
    return unsupported == null;
  }

  /** Whether its brokers can run with this metadata mode. */
  public boolean runs(MetadataMode mode) {
    return modes.contains(mode);
  }

  /** The top folder of its archive, as in Apache's own: {@code kafka_2.13-3.9.1}. */
  public String topFolder() {
    return "kafka_" + scalaVersion + "-" + version;
  }

  /** The file name of its archive, as Apache names its own: {@code kafka_2.13-3.9.1.tgz}. */
  public String archiveName() {
    return topFolder() + ".tgz";
  }

  /** The broker jar in {@code libs/}: {@code kafka_2.13-3.9.1.jar}. */
  public String brokerJar() {
    return topFolder() + ".jar";
  }

  /**
   * The scheduler's variable that gives this version's stock archive: {@code KAFKA_DIST_URI_3_9_1}.
   * The package sets one per version, so that the scheduler can fetch any version it is asked for.
   */
  public String archiveVariable() {
    return "KAFKA_DIST_URI_" + version.replace('.', '_');
  }

  /** How a cluster of this version moves to {@code other}, if it may at all. */
  public Optional<UpgradeKind> upgradeTo(KafkaVersion other) {
    return Optional.ofNullable(upgrades.get(other.version()));
  }

  @Override
  public String toString() {
    return version;
  }
}
