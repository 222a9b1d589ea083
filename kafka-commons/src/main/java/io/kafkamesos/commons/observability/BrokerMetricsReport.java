package io.kafkamesos.commons.observability;

import io.kafkamesos.commons.message.PropertiesData;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One broker's key metrics as its executor read them, sent to the scheduler in the data of a v1
 * executor {@code MESSAGE} call (the scheduler receives it as a {@code MESSAGE} event) every few
 * seconds. The scheduler keeps the latest report of each broker for its Prometheus endpoint.
 * Encoded as {@code java.util.Properties} text, like the broker task's own data:
 * {@code type=broker-metrics/1}, {@code broker.id}, {@code task.id}, {@code sent.at} (epoch ms),
 * and {@code metric.<name>=<value>} per metric.
 *
 * @param brokerId the broker's id
 * @param taskId the task it runs as
 * @param sentAtMillis when the executor read the metrics (epoch milliseconds)
 * @param metrics metric name (lower case, e.g. {@code messages_in_per_sec}) to value
 */
public record BrokerMetricsReport(int brokerId, String taskId, long sentAtMillis,
    Map<String, Double> metrics) {

  /** The {@code type} of this message; another type (or version) is not a report. */
  public static final String TYPE = "broker-metrics/1";
  private static final String METRIC = "metric.";

  public BrokerMetricsReport {
    Objects.requireNonNull(taskId);
    metrics = Map.copyOf(metrics);
    metrics.keySet().forEach(name -> {
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("metric name '" + name + "' is not lower_snake_case");
      }
    });
  }

  public byte[] encode() {
    Properties p = new Properties();
    p.setProperty("type", TYPE);
    p.setProperty("broker.id", Integer.toString(brokerId));
    p.setProperty("task.id", taskId);
    p.setProperty("sent.at", Long.toString(sentAtMillis));
    new TreeMap<>(metrics).forEach((name, value) -> p.setProperty(METRIC + name, Double.toString(value)));
    return PropertiesData.encode(p);
  }

  /**
   * Reads a report written by {@link #encode()}.
   *
   * @return empty when the data is not a report (another message type)
   * @throws IllegalArgumentException when it is a report but a key is missing or malformed
   */
  public static Optional<BrokerMetricsReport> decode(byte[] data) {
    Properties p;
    try {
      p = PropertiesData.decode(data);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!TYPE.equals(p.getProperty("type"))) {
      return Optional.empty();
    }
    Map<String, Double> metrics = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(METRIC)) {
        metrics.put(key.substring(METRIC.length()), number(p, key));
      }
    }
    String task = p.getProperty("task.id");
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("broker metrics report lacks 'task.id'");
    }
    return Optional.of(new BrokerMetricsReport((int) number(p, "broker.id"), task,
        (long) number(p, "sent.at"), metrics));
  }

  private static double number(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("broker metrics report lacks '" + key + "'");
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("broker metrics report: '" + key + "' is not a number: "
          + value);
    }
  }
}
