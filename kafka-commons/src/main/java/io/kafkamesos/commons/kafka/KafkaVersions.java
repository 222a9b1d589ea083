package io.kafkamesos.commons.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.kafkamesos.commons.node.QuorumMode;

/**
 * The Kafka versions this product knows: the one place that says what each needs and speaks, which
 * is the default, and where a cluster may go from each. The settings parser, the task builder, the
 * API and the executor ask it; nothing else reads meaning into a version string. Pure and immutable.
 *
 * <p>Each version's archive is built by its own module of {@code kafka-dist/}; the package lists
 * each archive ({@code frameworks-descriptor/resource.json}) and the supported ones
 * ({@code config.json}'s {@code kafka-version}). Tests hold the three to this catalogue.
 */
public final class KafkaVersions {

  /** {@code inter.broker.protocol.version} (and {@code log.message.format.version}) as Kafka names it. */
  public static final String PROTOCOL_PROPERTY = "inter.broker.protocol.version";
  public static final String MESSAGE_FORMAT_PROPERTY = "log.message.format.version";

  private static final KafkaVersions STANDARD = new KafkaVersions(List.of(
      new KafkaVersion("2.4.1", "2.11", Set.of(MetadataMode.ZOOKEEPER), "2.4", "2.4", null,
          BrokerLogging.LOG4J, 8, false, null, Map.of("3.9.1", UpgradeKind.ROLLING), null),
      new KafkaVersion("3.9.1", "2.13", Set.of(MetadataMode.ZOOKEEPER, MetadataMode.KRAFT), "3.9",
          "3.0", "3.9-IV0", BrokerLogging.LOG4J, 8, false, null,
          Map.of("4.4.0", UpgradeKind.KRAFT_MIGRATION), QuorumMode.STATIC),
      new KafkaVersion("4.4.0", "2.13", Set.of(MetadataMode.KRAFT), null, null, "4.4-IV2",
          BrokerLogging.LOG4J2, 17, true, null, Map.of(), QuorumMode.DYNAMIC)),
      "2.4.1");

  /** {@code kafka_2.13-3.9.1.jar}: the broker jar of a release archive (not -sources, -test...). */
  private static final Pattern BROKER_JAR = Pattern.compile("kafka_(\\d+\\.\\d+)-(\\d+(?:\\.\\d+)+)\\.jar");
  /** Where a distribution has no Scala broker jar, the version of its server or client jar. */
  private static final List<Pattern> OTHER_JARS = List.of(
      Pattern.compile("kafka-server-(\\d+(?:\\.\\d+)+)\\.jar"),
      Pattern.compile("kafka-clients-(\\d+(?:\\.\\d+)+)\\.jar"));
  private static final Pattern PROTOCOL = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:-IV\\d+)?");

  private final List<KafkaVersion> versions;
  private final KafkaVersion legacy;

  /**
   * @param legacy the version of a cluster whose stored state names none
   * @throws IllegalArgumentException unless exactly one version is the default
   */
  public KafkaVersions(List<KafkaVersion> versions, String legacy) {
    this.versions = List.copyOf(versions);
    if (this.versions.stream().filter(KafkaVersion::defaultVersion).count() != 1) {
      throw new IllegalArgumentException("exactly one version must be the default");
    }
    this.legacy = find(legacy).orElseThrow(() -> new IllegalArgumentException("no version " + legacy));
  }

  /** The catalogue of this build. */
  public static KafkaVersions standard() {
    return STANDARD;
  }

  /** Every known version, oldest first. */
  public List<KafkaVersion> all() {
    return versions;
  }

  /** The versions the scheduler runs clusters of now, oldest first. */
  public List<KafkaVersion> supported() {
    return versions.stream().filter(KafkaVersion::supported).toList();
  }

  public Optional<KafkaVersion> find(String version) {
    String wanted = version == null ? "" : version.trim();
    return versions.stream().filter(v -> v.version().equals(wanted)).findFirst();
  }

  /** What a new cluster runs when nobody asks for a version. */
  public KafkaVersion defaultVersion() {
    return versions.stream().filter(KafkaVersion::defaultVersion).findFirst().orElseThrow();
  }

  /**
   * What a cluster runs whose stored target names no version: it was installed before the version
   * could be chosen, when 2.4.1 was the only one. Such a cluster keeps it until the operator asks
   * for another; a default never upgrades it.
   */
  public KafkaVersion legacy() {
    return legacy;
  }

  /** "2.4.1, 3.9.1": for messages that list the choices. */
  public String supportedList() {
    return String.join(", ", supported().stream().map(KafkaVersion::version).toList());
  }

  /**
   * The Kafka version of a distribution, from the file names in its {@code libs/}: the broker jar
   * {@code kafka_<scala>-<version>.jar}, else {@code kafka-server-<version>.jar}, else
   * {@code kafka-clients-<version>.jar}. Empty when none is there (not a Kafka distribution).
   */
  public static Optional<String> versionOfLibs(Collection<String> jarNames) {
    for (String name : jarNames) {
      Matcher m = BROKER_JAR.matcher(name);
      if (m.matches()) {
        return Optional.of(m.group(2));
      }
    }
    for (Pattern pattern : OTHER_JARS) {
      for (String name : jarNames) {
        Matcher m = pattern.matcher(name);
        if (m.matches()) {
          return Optional.of(m.group(1));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code inter.broker.protocol.version} a cluster of {@code version} speaks with these broker
   * overrides: the override when set, else the version's own.
   */
  public static String protocolOf(KafkaVersion version, Map<String, String> overrides) {
    String pinned = overrides.get(PROTOCOL_PROPERTY);
    return pinned != null ? pinned.trim() : version.interBrokerProtocol();
  }

  /**
   * Orders two protocol versions ({@code 2.4}, {@code 2.4-IV1}, {@code 3.9}) by major and minor
   * release; a null (a release without the setting) is newer than any.
   *
   * @throws IllegalArgumentException for text that is no protocol version
   */
  public static int compareProtocols(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    int[] x = protocolParts(a);
    int[] y = protocolParts(b);
    return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
  }

  private static int[] protocolParts(String protocol) {
    Matcher m = PROTOCOL.matcher(protocol.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an inter.broker.protocol.version: '" + protocol + "'");
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /**
   * The {@code log.message.format.version} a cluster of {@code version} writes with these broker
   * overrides: the override when set, else the version's own (null where the setting is gone).
   */
  public static String messageFormatOf(KafkaVersion version, Map<String, String> overrides) {
    String pinned = overrides.get(MESSAGE_FORMAT_PROPERTY);
    return pinned != null ? pinned.trim() : version.logMessageFormat();
  }

  /**
   * Whether a cluster may go from {@code from} to {@code to}. An upgrade along the catalogue's
   * paths is a plan: the brokers roll onto the new software with
   * {@code inter.broker.protocol.version} pinned to what the cluster speaks now, and a second roll
   * raises it once the operator finalises; the protocol is never lowered. Going back is allowed
   * only as long as the protocol was never raised beyond what the older version speaks.
   *
   * @param fromProtocol the protocol the cluster speaks now (the upgrade's pin while one is under
   *     way, else {@link #protocolOf} of the current target)
   * @param toProtocol the protocol the wanted configuration ends at ({@link #protocolOf} of it)
   */
  public VersionChange change(KafkaVersion from, String fromProtocol, KafkaVersion to,
      String toProtocol) {
    Optional<VersionChange> settled = sameOrUnrunnable(from, to);
    if (settled.isPresent()) {
      return settled.get();
    }
    Optional<UpgradeKind> forward = from.upgradeTo(to);
    if (forward.isPresent()) {
      if (forward.get() == UpgradeKind.KRAFT_MIGRATION) {
        return refused("Kafka " + from + " -> " + to + " needs a migration from ZooKeeper to KRaft"
            + " first (KAFKA_METADATA_MODE=KRAFT on Kafka " + from + "); the KRaft cluster then"
            + " upgrades to " + to);
      }
      if (compareProtocols(toProtocol, to.interBrokerProtocol()) > 0) {
        return refused("Kafka " + to + " speaks " + PROTOCOL_PROPERTY + " up to "
            + to.interBrokerProtocol() + ", not " + toProtocol);
      }
      if (fromProtocol != null && compareProtocols(toProtocol, fromProtocol) < 0) {
        return refused("Kafka " + from + " -> " + to + " would lower " + PROTOCOL_PROPERTY + " from "
            + fromProtocol + " to " + toProtocol + ", which Kafka does not support");
      }
      return new VersionChange(VersionChange.Outcome.ROLLING_UPGRADE, "rolling upgrade from Kafka "
          + from + " to " + to + ": the brokers roll onto " + to + " with " + PROTOCOL_PROPERTY
          + " pinned at " + fromProtocol + ", then, once the operator finalises, roll again with "
          + toProtocol);
    }
    if (to.upgradeTo(from).filter(kind -> kind == UpgradeKind.ROLLING).isPresent()) {
      if (compareProtocols(fromProtocol, to.interBrokerProtocol()) > 0) {
        return refused("Kafka " + from + " -> " + to + " is refused: the brokers speak "
            + PROTOCOL_PROPERTY + " " + fromProtocol + ", and Kafka " + to + " cannot read what"
            + " they wrote since; going back is possible only while the protocol stays at "
            + to.interBrokerProtocol() + " (before the upgrade plan's raise-protocol phase starts)");
      }
      if (compareProtocols(toProtocol, to.interBrokerProtocol()) > 0) {
        return refused("Kafka " + to + " speaks " + PROTOCOL_PROPERTY + " up to "
            + to.interBrokerProtocol() + ", not " + toProtocol);
      }
      return new VersionChange(VersionChange.Outcome.ROLLBACK, "rolling back from Kafka " + from
          + " to " + to + " (" + PROTOCOL_PROPERTY + " " + toProtocol + ")");
    }
    List<String> paths = new ArrayList<>();
    versions.forEach(v -> v.upgrades().forEach((target, kind) ->
        paths.add(v + " -> " + target + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")")));
    return refused("there is no way from Kafka " + from + " to " + to + "; the upgrades are "
        + String.join(", ", paths));
  }

  /**
   * The oldest {@code metadata.version} from which Kafka 4 nodes can take over a KRaft cluster
   * (Kafka's upgrade notes for 4.0: 3.3-IV3, the first production KRaft level).
   */
  public static final String KRAFT_4_MINIMUM_METADATA = "3.3-IV3";

  /**
   * Whether a KRaft cluster may go from {@code from} to {@code to}: an upgrade along the
   * catalogue's paths rolls the controllers, then the brokers, onto the new software while the
   * cluster keeps its {@code metadata.version}, and raises it once the operator finalises (Kafka's
   * "Upgrading KRaft-based clusters"); a way back while the {@code metadata.version} in force is
   * one the older release knows. Kafka never lowers a {@code metadata.version} across metadata
   * changes, so after the raise the old release cannot return.
   *
   * @param metadataInForce the {@code metadata.version} the cluster runs at now: the upgrade's
   *     kept level until its raise begins, else {@code from}'s own
   */
  public VersionChange kraftChange(KafkaVersion from, String metadataInForce, KafkaVersion to) {
    Optional<VersionChange> settled = sameOrUnrunnable(from, to);
    if (settled.isPresent()) {
      return settled.get();
    }
    if (!to.runs(MetadataMode.KRAFT)) {
      return refused("Kafka " + to + " runs no KRaft, and a KRaft cluster cannot go back to"
          + " ZooKeeper");
    }
    String inForce = metadataInForce != null ? metadataInForce : from.metadataVersion();
    if (from.upgradeTo(to).isPresent()) {
      if (!to.runs(MetadataMode.ZOOKEEPER)
          && compareMetadataVersions(inForce, KRAFT_4_MINIMUM_METADATA) < 0) {
        return refused("Kafka " + to + " needs metadata.version " + KRAFT_4_MINIMUM_METADATA
            + " or newer; the cluster runs at " + inForce);
      }
      return new VersionChange(VersionChange.Outcome.ROLLING_UPGRADE, "rolling upgrade of a KRaft"
          + " cluster from Kafka " + from + " to " + to + ": the controllers, then the brokers roll"
          + " onto " + to + " at metadata.version " + inForce + ", then, once the operator"
          + " finalises, metadata.version is raised to " + to.metadataVersion());
    }
    if (to.upgradeTo(from).isPresent()) {
      if (compareMetadataVersions(inForce, to.metadataVersion()) > 0) {
        return refused("Kafka " + from + " -> " + to + " is refused: the cluster's metadata.version"
            + " was raised to " + inForce + ", which Kafka " + to + " (up to " + to.metadataVersion()
            + ") cannot read, and Kafka does not lower a metadata.version across metadata changes;"
            + " going back is possible only before the upgrade plan's raise-metadata phase starts");
      }
      return new VersionChange(VersionChange.Outcome.ROLLBACK, "rolling back a KRaft cluster from"
          + " Kafka " + from + " to " + to + " (metadata.version " + inForce + ")");
    }
    List<String> paths = new ArrayList<>();
    versions.forEach(v -> v.upgrades().keySet().forEach(target -> {
      if (v.runs(MetadataMode.KRAFT) && find(target).filter(t -> t.runs(MetadataMode.KRAFT)).isPresent()) {
        paths.add(v + " -> " + target);
      }
    }));
    return refused("there is no way from Kafka " + from + " to " + to + " for a KRaft cluster; its"
        + " upgrades are " + String.join(", ", paths));
  }

  /**
   * Orders two {@code metadata.version} names ({@code 3.3-IV3}, {@code 3.9-IV0}, {@code 4.4-IV2})
   * by release, then by the IV number (none before IV0).
   *
   * @throws IllegalArgumentException for text that is no metadata.version
   */
  public static int compareMetadataVersions(String a, String b) {
    int byRelease = compareProtocols(a, b);
    if (byRelease != 0 || a == null || b == null) {
      return byRelease;
    }
    return Integer.compare(iv(a), iv(b));
  }

  private static int iv(String version) {
    int at = version.indexOf("-IV");
    return at < 0 ? -1 : Integer.parseInt(version.substring(at + 3).trim());
  }

  private static VersionChange refused(String message) {
    return new VersionChange(VersionChange.Outcome.REFUSED, message);
  }

  /** The answer every change starts with: the same version, or one that cannot be run here. */
  private static Optional<VersionChange> sameOrUnrunnable(KafkaVersion from, KafkaVersion to) {
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
    if (from.equals(to)) {
      return Optional.of(new VersionChange(VersionChange.Outcome.SAME, "Kafka " + from + " stays"));
    }
    if (!to.supported()) {
      return Optional.of(refused("Kafka " + to + " cannot be run: " + to.unsupported()));
    }
    return Optional.empty();
  }
}
