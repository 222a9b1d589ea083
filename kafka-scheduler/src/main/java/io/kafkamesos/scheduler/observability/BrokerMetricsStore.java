package io.kafkamesos.scheduler.observability;

import io.kafkamesos.commons.observability.BrokerMetricsReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest metrics report of each broker, as its executor sent it over Mesos. A report older
 * than {@link #DEFAULT_MAX_AGE} (the broker or its executor stopped reporting: killed, lost,
 * removed) is dropped, so that the Prometheus endpoint never shows a dead broker's last values as
 * if they were current.
 */
public final class BrokerMetricsStore {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerMetricsStore.class);
  /** Six missed reports (the executors report every 5 s). */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);
  private static final java.util.regex.Pattern EXECUTOR =
      java.util.regex.Pattern.compile("broker-(\\d{1,9})__executor__.*");

  /** A report and when the scheduler received it. */
  public record Received(BrokerMetricsReport report, Instant at) {
  }

  private final Clock clock;
  private final Duration maxAge;
  private final Map<Integer, Received> latest = new ConcurrentHashMap<>();

  public BrokerMetricsStore(Clock clock, Duration maxAge) {
    this.clock = Objects.requireNonNull(clock);
    this.maxAge = Objects.requireNonNull(maxAge);
  }

  /**
   * Takes an executor's {@code MESSAGE}: keeps it when it is a metrics report of the broker that
   * executor runs, ignores anything else (logged). Never throws: it runs on the subscription's
   * thread.
   */
  public void accept(Event.Message message) {
    String executor = message.getExecutorId().getValue();
    try {
      Optional<BrokerMetricsReport> report = BrokerMetricsReport.decode(message.getData().toByteArray());
      if (report.isEmpty()) {
        LOG.debug("ignoring a message from executor {} that is not a metrics report", executor);
        return;
      }
      Optional<Integer> sender = brokerOfExecutor(executor);
      int broker = report.get().brokerId();
      if (sender.isPresent() && sender.get() != broker) {
        LOG.warn("broker {}: executor {} reports metrics of another broker; ignored", broker, executor);
        return;
      }
      latest.put(broker, new Received(report.get(), clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("ignoring an unreadable metrics report from executor {}: {}", executor, e.getMessage());
    }
  }

  /** The broker id in an executor id ({@code broker-<id>__executor__<uuid>}), if it has one. */
  static Optional<Integer> brokerOfExecutor(String executorId) {
    java.util.regex.Matcher m = EXECUTOR.matcher(executorId);
    return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /** Each broker's latest report that is not stale, by broker id; stale ones are dropped. */
  public SortedMap<Integer, Received> current() {
    Instant oldest = clock.instant().minus(maxAge);
    latest.entrySet().removeIf(e -> {
      boolean stale = e.getValue().at().isBefore(oldest);
      if (stale) {
        LOG.info("broker {}: no metrics report for {} s; dropping its metrics", e.getKey(),
            maxAge.toSeconds());
      }
      return stale;
    });
    return new TreeMap<>(latest);
  }
}
