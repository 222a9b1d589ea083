package io.kafkamesos.scheduler.kraft;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.core.KafkaClusterOps;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.security.ClientSecurity;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The parts a KRaft cluster's scheduler runs with in place of the ZooKeeper-mode ones: admin
 * clients bootstrapped from where the scheduler placed the nodes, the registry of brokers as the
 * controllers know them, the plan's Kafka side, and the quorum's watch (health, voter changes, the
 * quorum gate of controller restarts).
 *
 * @param records the scheduler's latest records (its published view), read from other threads
 */
public record KraftWiring(KraftAdmin admin, KafkaRegistry registry, ClusterOps ops, QuorumWatch watch) {

  public KraftWiring {
    Objects.requireNonNull(admin);
    Objects.requireNonNull(registry);
    Objects.requireNonNull(ops);
    Objects.requireNonNull(watch);
  }

  public static KraftWiring of(SchedulerSettings settings, ObjectMapper json, Clock clock,
      Supplier<Map<Integer, BrokerRecord>> records) {
    return of(settings, json, clock, records, ClientSecurity.PLAINTEXT, BrokerListeners.PLAINTEXT,
        settings.kafka().version().quorum());
  }

  /**
   * @param security the scheduler's client security (its certificate on a cluster with TLS)
   * @param listeners the brokers' listeners (the scheduler's clients use {@code INTERNAL} with TLS)
   * @param quorum the cluster's quorum mode ({@link KraftIdentity#quorumOf})
   */
  public static KraftWiring of(SchedulerSettings settings, ObjectMapper json, Clock clock,
      Supplier<Map<Integer, BrokerRecord>> records, ClientSecurity security,
      BrokerListeners listeners, io.kafkamesos.commons.node.QuorumMode quorum) {
    KraftAdmin admin = new KraftAdmin(() -> Endpoints.brokers(records.get().values(), listeners),
        () -> Endpoints.controllers(records.get().values()),
        "kafka-scheduler-" + settings.frameworkName(), security);
    KafkaRegistry registry = new KraftRegistry(admin, json, id -> {
      BrokerRecord r = records.get().get(id);
      return r == null || r.runningSinceMillis() == 0 ? OptionalLong.empty()
          : OptionalLong.of(r.runningSinceMillis());
    }, listeners);
    ClusterOps ops = new KraftClusterOps(admin,
        () -> KafkaClusterOps.defaultMinInsync(settings.overrides()));
    QuorumWatch watch = new QuorumWatch(new AdminQuorumAccess(admin), quorum,
        ClusterLayout.of(settings), records, clock,
        settings.frameworkName());
    return new KraftWiring(admin, registry, ops, watch);
  }

  /** The parts to start with the leader and stop in reverse: the watch, then the admin clients. */
  public java.util.List<Managed> parts() {
    return java.util.List.of(new Managed() {
      @Override
      public void stop() {
        admin.close();
      }
    }, watch);
  }
}
