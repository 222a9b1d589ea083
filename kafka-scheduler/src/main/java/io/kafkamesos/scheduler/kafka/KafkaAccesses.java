package io.kafkamesos.scheduler.kafka;

import io.kafkamesos.commons.kafka.MetadataMode;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Clock;
import java.util.Collection;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import io.kafkamesos.scheduler.security.ClientSecurity;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;

/** Which side of {@link KafkaAccess} a cluster gets: the one of its metadata mode. */
public final class KafkaAccesses {

  private KafkaAccesses() {
  }

  /** The mode the cluster's brokers run in: its target's ({@code KAFKA_METADATA_MODE} or the version's). */
  public static MetadataMode mode(SchedulerSettings settings) {
    return settings.isKraft() ? MetadataMode.KRAFT : MetadataMode.ZOOKEEPER;
  }

  /**
   * The view of the scheduler's cluster: on {@code kafkaZk} (a started client in Kafka's chroot) in
   * ZooKeeper mode; on KRaft through the admin client, bootstrapping from {@code seeds} (the
   * brokers the scheduler runs) and then from the brokers the view knows.
   */
  public static KafkaAccess open(SchedulerSettings settings, CuratorFramework kafkaZk,
      Supplier<String> seeds, Clock clock) {
    return open(settings, kafkaZk, seeds, clock, ClientSecurity.PLAINTEXT);
  }

  /** As {@link #open(SchedulerSettings, CuratorFramework, Supplier, Clock)}, KRaft's over {@code security}. */
  public static KafkaAccess open(SchedulerSettings settings, CuratorFramework kafkaZk,
      Supplier<String> seeds, Clock clock, ClientSecurity security) {
    return mode(settings) == MetadataMode.ZOOKEEPER
        ? ZooKeeperKafkaAccess.start(kafkaZk, settings.kafkaZookeeperChroot(), clock)
        : new AdminKafkaAccess(seeds, java.time.Duration.ofSeconds(10),
            AdminKafkaAccess.DEFAULT_INTERVAL, clock, security);
  }

  /**
   * {@code host:port,...} of the brokers whose task runs, from the scheduler's records (a KRaft
   * controller's port is its controller listener: no client bootstraps from it).
   */
  public static String endpoints(Collection<BrokerRecord> records) {
    return endpoints(records, IntUnaryOperator.identity());
  }

  /**
   * As {@link #endpoints(Collection)}, on the port {@code adminPort} gives for each broker's
   * recorded one (its {@code INTERNAL} listener's on a cluster with TLS).
   */
  public static String endpoints(Collection<BrokerRecord> records, IntUnaryOperator adminPort) {
    return records.stream().filter(r -> r.kind().broker() && r.state() == BrokerState.RUNNING
        && r.hostname() != null && r.port() > 0)
        .map(r -> r.hostname() + ":" + adminPort.applyAsInt(r.port()))
        .collect(Collectors.joining(","));
  }

  /** A KRaft view bootstrapping from {@code seeds} ({@code host:port,...}, "" while none). */
  public static KafkaAccess kraft(Supplier<String> seeds, Clock clock) {
    return new AdminKafkaAccess(seeds, java.time.Duration.ofSeconds(10), AdminKafkaAccess.DEFAULT_INTERVAL, clock);
  }
}
