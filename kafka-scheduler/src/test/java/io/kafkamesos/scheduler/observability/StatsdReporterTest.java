package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import io.kafkamesos.commons.observability.UdpListener;
import io.kafkamesos.commons.observability.StatsdSender;

class StatsdReporterTest {

  @Test
  void sendsEveryKindOfMetricToARealUdpServer() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    registry.counter("kafka.scheduler.launches").inc(3);
    registry.gauge("kafka.scheduler.brokers.running", () -> (Gauge<Integer>) () -> 2);
    registry.gauge("a text gauge", () -> (Gauge<String>) () -> "not a number");
    registry.meter("io.dropwizard.jetty.2xx-responses").mark(5);
    registry.timer("requests get").update(250, TimeUnit.MILLISECONDS);
    try (UdpListener server = new UdpListener()) {
      StatsdReporter reporter = new StatsdReporter(registry,
          new StatsdSender("127.0.0.1", server.port()), "kafka", "kafka0");
      try {
        reporter.report();
        server.awaitLine(l -> l.contains("requests_get.max"), Duration.ofSeconds(10));
        assertThat(server.lines()).contains(
            "kafka.kafka0.scheduler.kafka.scheduler.launches:3|g",
            "kafka.kafka0.scheduler.kafka.scheduler.brokers.running:2|g",
            "kafka.kafka0.scheduler.io.dropwizard.jetty.2xx-responses.count:5|g",
            "kafka.kafka0.scheduler.requests_get.count:1|g",
            "kafka.kafka0.scheduler.requests_get.max:250|g");
        assertThat(server.lines()).noneMatch(l -> l.contains("text"));
      } finally {
        reporter.stop();
      }
    }
  }
}
