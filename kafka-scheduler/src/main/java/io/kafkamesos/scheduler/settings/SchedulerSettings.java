package io.kafkamesos.scheduler.settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the scheduler runs with, read from the environment Marathon sets (see
 * {@link SettingsParser} for the variables and their defaults).
 *
 * @param frameworkName the cluster's name: Mesos framework name, ZooKeeper root and Kafka chroot
 * @param brokerCount how many brokers the cluster has (ids {@code 0..brokerCount-1})
 * @param persistentVolumes whether brokers keep their data on reserved persistent volumes
 * @param placement whether brokers may share a host
 * @param broker what each broker task gets
 * @param executorCpus the executor's own cpus, accounted apart from the broker task
 * @param executorMemMb the executor's own memory
 * @param kafka the Kafka version the brokers run and the archives the agents fetch for it
 * @param executorUri the executor jar the agent fetches
 * @param javaCommand the command that starts a JVM on the agents
 * @param mesosMaster the master's base URL ({@code http://host:5050})
 * @param zookeeperConnect the ZooKeeper that holds the scheduler's state
 * @param kafkaZookeeperConnect the ZooKeeper Kafka uses (without the framework chroot)
 * @param role the Mesos role the framework subscribes with and reserves for
 * @param principal the Mesos principal of the framework and its reservations and volumes
 * @param failoverTimeout how long Mesos keeps the framework's tasks while the scheduler is away
 * @param apiHost the host name in the web UI URL given to Mesos
 * @param apiPort the port of the HTTP API
 * @param apiTls whether the API port serves HTTPS with a certificate of the cluster CA
 *     ({@code API_TLS}; needs {@code TLS_ENABLED})
 * @param overrides extra broker properties ({@code num.partitions -> 6})
 * @param kraft the metadata mode and, in KRaft, the controllers
 */
public record SchedulerSettings(
    String frameworkName,
    int brokerCount,
    boolean persistentVolumes,
    PlacementStrategy placement,
    BrokerResources broker,
    double executorCpus,
    int executorMemMb,
    KafkaSoftware kafka,
    String executorUri,
    String javaCommand,
    String mesosMaster,
    String zookeeperConnect,
    String kafkaZookeeperConnect,
    String role,
    String principal,
    Duration failoverTimeout,
    String apiHost,
    int apiPort,
    boolean apiTls,
    Map<String, String> overrides,
    KraftSettings kraft) {

  /**
   * What one broker task needs.
   *
   * @param cpus cpus of the broker task
   * @param memMb memory of the broker task (heap plus the JVM's own)
   * @param heapMb the broker JVM's heap
   * @param diskMb disk for the broker's data (the persistent volume's size with {@code pv})
   */
  public record BrokerResources(double cpus, int memMb, int heapMb, int diskMb) {
  }

  public SchedulerSettings {
    Objects.requireNonNull(frameworkName);
    Objects.requireNonNull(placement);
    Objects.requireNonNull(broker);
    Objects.requireNonNull(kafka);
    Objects.requireNonNull(executorUri);
    Objects.requireNonNull(javaCommand);
    Objects.requireNonNull(mesosMaster);
    Objects.requireNonNull(zookeeperConnect);
    Objects.requireNonNull(kafkaZookeeperConnect);
    Objects.requireNonNull(role);
    Objects.requireNonNull(principal);
    Objects.requireNonNull(failoverTimeout);
    Objects.requireNonNull(apiHost);
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(kraft);
  }

  /** The same settings running {@code other}'s Kafka. */
  public SchedulerSettings withKafka(KafkaSoftware other) {
    return new SchedulerSettings(frameworkName, brokerCount, persistentVolumes, placement, broker,
        executorCpus, executorMemMb, other, executorUri, javaCommand, mesosMaster, zookeeperConnect,
        kafkaZookeeperConnect, role, principal, failoverTimeout, apiHost, apiPort, apiTls, overrides, kraft);
  }

  /** The same settings with another metadata mode and controllers. */
  public SchedulerSettings withKraft(KraftSettings other) {
    return new SchedulerSettings(frameworkName, brokerCount, persistentVolumes, placement, broker,
        executorCpus, executorMemMb, kafka, executorUri, javaCommand, mesosMaster, zookeeperConnect,
        kafkaZookeeperConnect, role, principal, failoverTimeout, apiHost, apiPort, apiTls, overrides, other);
  }

  /** Whether the cluster runs in KRaft mode (its own controller quorum, no ZooKeeper for Kafka). */
  public boolean isKraft() {
    return kraft.isKraft();
  }

  /** What one node of this kind gets: a controller its own resources, a broker the brokers'. */
  public BrokerResources resourcesOf(io.kafkamesos.commons.node.NodeKind kind) {
    return kind == io.kafkamesos.commons.node.NodeKind.CONTROLLER ? kraft.controller() : broker;
  }

  /**
   * Whether a node of this kind keeps its data on a reserved persistent volume: a controller (or a
   * combined node) always, whatever {@code BROKER_PV} says, since the metadata log must outlive the
   * task; a broker with {@code BROKER_PV}.
   */
  public boolean persistentVolumesOf(io.kafkamesos.commons.node.NodeKind kind) {
    return persistentVolumes || kind.controller();
  }

  /** The configuration digest of a node of this kind ({@link #controllerConfigId()} for controllers). */
  public String configIdOf(io.kafkamesos.commons.node.NodeKind kind) {
    return kind == io.kafkamesos.commons.node.NodeKind.CONTROLLER ? controllerConfigId()
        : brokerConfigId();
  }

  /** The same settings with other broker property overrides. */
  public SchedulerSettings withOverrides(Map<String, String> other) {
    return new SchedulerSettings(frameworkName, brokerCount, persistentVolumes, placement, broker,
        executorCpus, executorMemMb, kafka, executorUri, javaCommand, mesosMaster, zookeeperConnect,
        kafkaZookeeperConnect, role, principal, failoverTimeout, apiHost, apiPort, apiTls, other, kraft);
  }

  /** Kafka's {@code zookeeper.connect}, the framework's chroot included: {@code zk:2181/kafka0}. */
  public String kafkaZookeeperChroot() {
    return kafkaZookeeperConnect + "/" + frameworkName;
  }

  /** How the API port speaks: {@code https} with {@code API_TLS}, else {@code http}. */
  public String apiScheme() {
    return apiTls ? "https" : "http";
  }

  /** The URL of the HTTP API, given to Mesos as the framework's web UI. */
  public String webUiUrl() {
    return apiScheme() + "://" + apiHost + ":" + apiPort;
  }

  /**
   * A short digest of what a broker task is launched with; a broker running an older digest runs an
   * older configuration. Overrides Kafka applies at run time ({@link DynamicBrokerConfigs}) are left
   * out: changing them needs no restart. The Kafka version and {@code JAVA_URI} count only when
   * they are not what every broker ran before versions could be chosen (2.4.1, the agent's java),
   * so that the brokers of a cluster from then keep their digest and are not restarted for nothing.
   */
  public String brokerConfigId() {
    String text = broker + "|" + persistentVolumes + "|"
        + new TreeMap<>(DynamicBrokerConfigs.staticPart(overrides)) + "|"
        + kafka.uri() + "|" + executorUri + "|" + javaCommand + "|" + executorCpus + "|" + executorMemMb
        + (kafka.version().equals(io.kafkamesos.commons.kafka.KafkaVersions.standard().legacy()) ? ""
            : "|kafka " + kafka.version())
        + kafka.java().map(java -> "|java " + java).orElse("")
        // only in KRaft: the brokers of a ZooKeeper-mode cluster keep the digest they had
        + (isKraft() ? "|kraft" : "");
    return digest(text);
  }

  /**
   * The digest of what a controller task is launched with; a controller running an older digest
   * runs an older configuration. Empty in ZooKeeper mode.
   */
  public String controllerConfigId() {
    if (!isKraft()) {
      return "";
    }
    String text = "controller|" + kraft.controller() + "|" + kafka.uri() + "|" + executorUri + "|"
        + javaCommand + "|" + executorCpus + "|" + executorMemMb + "|kafka " + kafka.version()
        + kafka.java().map(java -> "|java " + java).orElse("")
        + "|" + new TreeMap<>(DynamicBrokerConfigs.staticPart(overrides));
    return digest(text);
  }

  private static String digest(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
