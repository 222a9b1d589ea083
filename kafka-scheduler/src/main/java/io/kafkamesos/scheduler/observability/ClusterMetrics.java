package io.kafkamesos.scheduler.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.function.ToIntFunction;

/**
 * Gauges of the whole cluster as Kafka's ZooKeeper describes it, on the admin port's
 * {@code /metrics} and sent to statsd with the scheduler's other metrics. A value of -1 means
 * ZooKeeper could not be read.
 */
public final class ClusterMetrics {

  public static final String PREFIX = "kafka.cluster.";

  private ClusterMetrics() {
  }

  public static void register(MetricRegistry registry, ClusterWatch cluster) {
    gauge(registry, "brokers.registered", cluster, s -> s.registered().size());
    gauge(registry, "controller", cluster, ClusterState::controller);
    gauge(registry, "partitions", cluster, s -> s.partitions().size());
    gauge(registry, "partitions.under_replicated", cluster, s -> s.underReplicated().size());
    gauge(registry, "partitions.offline", cluster, s -> s.offline().size());
  }

  private static void gauge(MetricRegistry registry, String name, ClusterWatch cluster,
      ToIntFunction<ClusterState> value) {
    registry.gauge(PREFIX + name, () -> (Gauge<Integer>) () -> {
      ClusterState state = cluster.current();
      return state.error().isPresent() ? -1 : value.applyAsInt(state);
    });
  }
}
