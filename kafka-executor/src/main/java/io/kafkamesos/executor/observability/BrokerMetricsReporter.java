package io.kafkamesos.executor.observability;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kafkamesos.commons.observability.StatsdSender;

/**
 * One reporting round: reads the broker's metrics and sends them to statsd as
 * {@code <prefix>.<framework>.broker.<id>.<metric>}. Run on a timer; a broker that is not reachable
 * yet (starting) or any more (stopping) skips the round.
 */
public final class BrokerMetricsReporter implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerMetricsReporter.class);

  private final MetricSource source;
  private final StatsdSender sender;
  private final String namePrefix;
  private final int brokerId;
  private boolean reporting;

  public BrokerMetricsReporter(MetricSource source, StatsdSender sender, String prefix,
      String framework, int brokerId) {
    this.source = Objects.requireNonNull(source);
    this.sender = Objects.requireNonNull(sender);
    this.namePrefix = name(prefix, framework, brokerId);
    this.brokerId = brokerId;
  }

  /** {@code kafka.kafka0.broker.3.} (no leading dot when the prefix is empty). */
  static String name(String prefix, String framework, int brokerId) {
    return (prefix.isEmpty() ? "" : prefix + ".") + framework + ".broker." + brokerId + ".";
  }

  @Override
  public void run() {
    try {
      Map<KafkaMetric, Double> values = source.read();
      Map<String, Double> gauges = new LinkedHashMap<>();
      values.forEach((metric, value) -> gauges.put(namePrefix + metric.statName(), value));
      sender.gauges(gauges);
      if (!reporting) {
        LOG.info("broker {}: sending {} metrics to statsd as {}*", brokerId, gauges.size(),
            namePrefix);
        reporting = true;
      }
    } catch (IOException | RuntimeException e) {
      if (reporting) {
        LOG.info("broker {}: cannot read its metrics any more: {}", brokerId, e.getMessage());
        reporting = false;
      } else {
        LOG.debug("broker {}: metrics not readable yet: {}", brokerId, e.getMessage());
      }
    }
  }
}
