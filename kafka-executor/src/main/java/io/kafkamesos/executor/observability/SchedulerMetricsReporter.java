package io.kafkamesos.executor.observability;

import io.kafkamesos.commons.observability.BrokerMetricsReport;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reporting round to the scheduler: reads the broker's metrics and sends them as a
 * {@link BrokerMetricsReport} in a Mesos {@code MESSAGE} call, which the scheduler serves on its
 * Prometheus endpoint labelled with the broker id. Run on a timer every
 * {@link BrokerObservability#SCHEDULER_INTERVAL}; a round is skipped while the broker is not
 * reachable (starting, stopping) or the agent does not take the call.
 */
public final class SchedulerMetricsReporter implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerMetricsReporter.class);

  private final MetricSource source;
  private final Consumer<byte[]> toScheduler;
  private final int brokerId;
  private final Supplier<String> taskId;
  private final Clock clock;
  private boolean reporting;

  /**
   * @param toScheduler sends the data of one {@code MESSAGE} call to the agent (throws when the
   *     agent cannot be reached)
   */
  public SchedulerMetricsReporter(MetricSource source, Consumer<byte[]> toScheduler, int brokerId,
      Supplier<String> taskId, Clock clock) {
    this.source = Objects.requireNonNull(source);
    this.toScheduler = Objects.requireNonNull(toScheduler);
    this.brokerId = brokerId;
    this.taskId = Objects.requireNonNull(taskId);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The report of one round (names as in statsd: {@link KafkaMetric#statName()}). */
  BrokerMetricsReport report(Map<KafkaMetric, Double> values) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    values.forEach((metric, value) -> metrics.put(metric.statName(), value));
    return new BrokerMetricsReport(brokerId, taskId.get(), clock.millis(), metrics);
  }

  @Override
  public void run() {
    try {
      BrokerMetricsReport report = report(source.read());
      toScheduler.accept(report.encode());
      if (!reporting) {
        LOG.info("broker {}: sending {} metrics to the scheduler", brokerId, report.metrics().size());
        reporting = true;
      }
    } catch (IOException | RuntimeException e) {
      if (reporting) {
        LOG.info("broker {}: cannot report its metrics to the scheduler now: {}", brokerId,
            e.getMessage());
        reporting = false;
      } else {
        LOG.debug("broker {}: metrics not reported yet: {}", brokerId, e.getMessage());
      }
    }
  }
}
