package io.kafkamesos.executor.observability;

import java.io.IOException;
import java.util.Map;

/** Reads the broker's current metrics. */
@FunctionalInterface
public interface MetricSource {

  /**
   * @return the metrics the broker has now; a metric it does not have (yet) is left out
   * @throws IOException when the broker cannot be reached (not started yet, or gone)
   */
  Map<KafkaMetric, Double> read() throws IOException;
}
