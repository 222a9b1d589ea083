package io.kafkamesos.scheduler.observability;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kafkamesos.commons.observability.StatsdSender;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * Sends every metric of the scheduler's registry to statsd as gauges named
 * {@code <prefix>.<framework>.scheduler.<metric>}: gauges as they are, counters' counts, meters'
 * count and one-minute rate, histograms' and timers' count, median, 99th percentile and max
 * (timers in milliseconds).
 */
public final class StatsdReporter extends ScheduledReporter {

  private static final Logger LOG = LoggerFactory.getLogger(StatsdReporter.class);

  private final StatsdSender sender;
  private final String namePrefix;
  private boolean failing;

  public StatsdReporter(MetricRegistry registry, StatsdSender sender, String prefix,
      String framework) {
    super(registry, "statsd-reporter", MetricFilter.ALL, TimeUnit.SECONDS, TimeUnit.MILLISECONDS);
    this.sender = Objects.requireNonNull(sender);
    this.namePrefix = (prefix.isEmpty() ? "" : prefix + ".") + framework + ".scheduler.";
  }

  /** A reporter started and stopped with the application. */
  public static Managed managed(MetricRegistry registry, ObservabilitySettings.Statsd statsd,
      String framework) {
    return new Managed() {
      private StatsdReporter reporter;

      @Override
      public void start() throws IOException {
        reporter = new StatsdReporter(registry, new StatsdSender(statsd.host(), statsd.port()),
            statsd.prefix(), framework);
        reporter.start(statsd.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Sending metrics to statsd {}:{} every {} s as {}*", statsd.host(), statsd.port(),
            statsd.interval().toSeconds(), reporter.namePrefix);
      }

      @Override
      public void stop() {
        if (reporter != null) {
          reporter.stop();
        }
      }
    };
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void report(SortedMap<String, Gauge> gauges, SortedMap<String, Counter> counters,
      SortedMap<String, Histogram> histograms, SortedMap<String, Meter> meters,
      SortedMap<String, Timer> timers) {
    Map<String, Double> out = new LinkedHashMap<>();
    gauges.forEach((name, gauge) -> {
      if (gauge.getValue() instanceof Number n) {
        out.put(name(name), n.doubleValue());
      }
    });
    counters.forEach((name, c) -> out.put(name(name), (double) c.getCount()));
    meters.forEach((name, m) -> {
      out.put(name(name) + ".count", (double) m.getCount());
      out.put(name(name) + ".m1_rate", convertRate(m.getOneMinuteRate()));
    });
    histograms.forEach((name, h) -> {
      Snapshot s = h.getSnapshot();
      out.put(name(name) + ".count", (double) h.getCount());
      out.put(name(name) + ".p50", s.getMedian());
      out.put(name(name) + ".p99", s.get99thPercentile());
      out.put(name(name) + ".max", (double) s.getMax());
    });
    timers.forEach((name, t) -> {
      Snapshot s = t.getSnapshot();
      out.put(name(name) + ".count", (double) t.getCount());
      out.put(name(name) + ".p50", convertDuration(s.getMedian()));
      out.put(name(name) + ".p99", convertDuration(s.get99thPercentile()));
      out.put(name(name) + ".max", convertDuration(s.getMax()));
    });
    try {
      sender.gauges(out);
      if (failing) {
        LOG.info("Sending metrics to statsd again");
        failing = false;
      }
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        LOG.warn("Cannot send metrics to statsd: {}", e.toString());
        failing = true;
      }
    }
  }

  /** statsd's separators ({@code :|@}) and blanks cannot be part of a name. */
  String name(String metric) {
    return namePrefix + metric.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public void stop() {
    super.stop();
    sender.close();
  }
}
