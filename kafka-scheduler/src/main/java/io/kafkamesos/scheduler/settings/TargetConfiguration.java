package io.kafkamesos.scheduler.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kafkamesos.scheduler.security.SecurityTarget;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The part of the settings that shapes the cluster, as kept in a target configuration: what the
 * brokers run with and where. Settings about how this scheduler process reaches Mesos and ZooKeeper,
 * or where it serves its API, are not part of it and may change freely.
 *
 * @param kafkaUri the Kafka archive the brokers are launched from
 * @param marathonAppId the Marathon app that ran the scheduler when the target was made, or null
 * @param kafkaVersion the Kafka version the brokers run; null in a target stored before versions
 *     were kept, which runs {@link io.kafkamesos.commons.kafka.KafkaVersions#legacy()} (2.4.1)
 * @param javaUri {@code JAVA_URI}, the JRE archive fetched with every task, or null
 * @param metadataMode where the cluster keeps its metadata; null in a target stored before KRaft
 *     clusters could be run, which is ZooKeeper
 * @param controllerCount the KRaft controllers ({@code CONTROLLER_COUNT}); 0 in ZooKeeper mode
 * @param controller what each controller gets; null in a target stored before KRaft clusters
 * @param security the security options ({@link SecurityTarget#NONE} in a target stored before
 *     they were kept, which is what such a cluster runs)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetConfiguration(
    String frameworkName,
    int brokerCount,
    boolean persistentVolumes,
    PlacementStrategy placement,
    SchedulerSettings.BrokerResources broker,
    double executorCpus,
    int executorMemMb,
    String kafkaUri,
    String executorUri,
    String javaCommand,
    String kafkaZookeeperConnect,
    String role,
    String principal,
    Map<String, String> overrides,
    String marathonAppId,
    String kafkaVersion,
    String javaUri,
    io.kafkamesos.commons.kafka.MetadataMode metadataMode,
    int controllerCount,
    SchedulerSettings.BrokerResources controller,
    SecurityTarget security) {

  @JsonCreator
  public TargetConfiguration {
    Objects.requireNonNull(frameworkName);
    Objects.requireNonNull(placement);
    Objects.requireNonNull(broker);
    Objects.requireNonNull(kafkaUri);
    Objects.requireNonNull(executorUri);
    Objects.requireNonNull(javaCommand);
    Objects.requireNonNull(kafkaZookeeperConnect);
    Objects.requireNonNull(role);
    Objects.requireNonNull(principal);
    overrides = overrides == null ? Map.of() : new TreeMap<>(overrides);
    metadataMode = metadataMode == null ? io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER
        : metadataMode;
    controller = controller == null ? KraftSettings.ZOOKEEPER.controller() : controller;
    security = security == null ? SecurityTarget.NONE : security;
  }

  /**
   * A target of a ZooKeeper-mode cluster without security options (as stored before KRaft clusters
   * could be run and security options were kept).
   */
  public TargetConfiguration(String frameworkName, int brokerCount, boolean persistentVolumes,
      PlacementStrategy placement, SchedulerSettings.BrokerResources broker, double executorCpus,
      int executorMemMb, String kafkaUri, String executorUri, String javaCommand,
      String kafkaZookeeperConnect, String role, String principal, Map<String, String> overrides,
      String marathonAppId, String kafkaVersion, String javaUri) {
    this(frameworkName, brokerCount, persistentVolumes, placement, broker, executorCpus,
        executorMemMb, kafkaUri, executorUri, javaCommand, kafkaZookeeperConnect, role, principal,
        overrides, marathonAppId, kafkaVersion, javaUri, null, 0, null, SecurityTarget.NONE);
  }

  public static TargetConfiguration of(SchedulerSettings s, String marathonAppId) {
    return new TargetConfiguration(s.frameworkName(), s.brokerCount(), s.persistentVolumes(),
        s.placement(), s.broker(), s.executorCpus(), s.executorMemMb(), s.kafka().uri(),
        s.executorUri(), s.javaCommand(), s.kafkaZookeeperConnect(), s.role(), s.principal(),
        s.overrides(), marathonAppId, s.kafka().version().version(), s.kafka().javaUri(),
        s.kraft().mode(), s.kraft().controllers(), s.kraft().controller(), SecurityTarget.NONE);
  }

  /** The metadata mode and controllers of this target. */
  public KraftSettings kraft() {
    return new KraftSettings(metadataMode, controllerCount, controller);
  }

  /** This target with other security options. */
  public TargetConfiguration withSecurity(SecurityTarget other) {
    return new TargetConfiguration(frameworkName, brokerCount, persistentVolumes, placement, broker,
        executorCpus, executorMemMb, kafkaUri, executorUri, javaCommand, kafkaZookeeperConnect, role,
        principal, overrides, marathonAppId, kafkaVersion, javaUri, metadataMode, controllerCount,
        controller, other);
  }

  /** The Kafka version this target runs ({@code 2.4.1} for a target stored before versions were kept). */
  public io.kafkamesos.commons.kafka.KafkaVersion version() {
    return KafkaSoftware.stored(kafkaVersion);
  }

  /** The settings to run with: this target's cluster, {@code env}'s connections and API. */
  public SchedulerSettings applyTo(SchedulerSettings env) {
    return new SchedulerSettings(frameworkName, brokerCount, persistentVolumes, placement, broker,
        executorCpus, executorMemMb, env.kafka().pinned(version(), kafkaUri, javaUri), executorUri, javaCommand, env.mesosMaster(),
        env.zookeeperConnect(), kafkaZookeeperConnect, role, principal, env.failoverTimeout(),
        env.apiHost(), env.apiPort(), env.apiTls(), overrides, kraft());
  }
}
