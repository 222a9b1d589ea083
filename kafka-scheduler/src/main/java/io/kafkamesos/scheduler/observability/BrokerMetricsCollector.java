package io.kafkamesos.scheduler.observability;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every broker's key metrics as its executor last reported them, for the Prometheus endpoint:
 * {@code kafka_broker_<metric>{broker="<id>"}} (the executor's names: {@code messages_in_per_sec},
 * {@code under_replicated_partitions}, ...; rates are one-minute moving averages), and
 * {@code kafka_broker_metrics_age_seconds{broker="<id>"}}, how old each broker's values are. A
 * broker whose reports stopped drops out ({@link BrokerMetricsStore}).
 */
public final class BrokerMetricsCollector extends Collector {

  public static final String PREFIX = "kafka_broker_";
  static final String AGE = PREFIX + "metrics_age_seconds";
  private static final List<String> LABELS = List.of("broker");

  private final BrokerMetricsStore store;
  private final Clock clock;

  public BrokerMetricsCollector(BrokerMetricsStore store, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public List<MetricFamilySamples> collect() {
    SortedMap<Integer, BrokerMetricsStore.Received> reports = store.current();
    Map<String, GaugeMetricFamily> families = new TreeMap<>();
    GaugeMetricFamily age = new GaugeMetricFamily(AGE,
        "Seconds since the broker's executor read the values of its kafka_broker_* metrics", LABELS);
    long now = clock.millis();
    reports.forEach((broker, received) -> {
      List<String> labels = List.of(Integer.toString(broker));
      age.addMetric(labels, Math.max(0, now - received.report().sentAtMillis()) / 1000.0);
      received.report().metrics().forEach((metric, value) -> families.computeIfAbsent(metric,
          m -> new GaugeMetricFamily(PREFIX + m, "Kafka broker metric " + m
              + " as the broker's executor reads it over JMX (see docs/observability.md)", LABELS))
          .addMetric(labels, value));
    });
    List<MetricFamilySamples> out = new ArrayList<>(families.values());
    if (!reports.isEmpty()) {
      out.add(age);
    }
    return out;
  }
}
