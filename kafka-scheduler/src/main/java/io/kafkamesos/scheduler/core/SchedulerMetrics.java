package io.kafkamesos.scheduler.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Objects;
import java.util.function.IntSupplier;

/** The scheduler's counters and gauges, in the registry Dropwizard serves on its admin port. */
public final class SchedulerMetrics {

  public static final String PREFIX = "kafka.scheduler.";

  private final MetricRegistry registry;
  final Counter offersReceived;
  final Counter offersDeclined;
  final Counter launches;
  final Counter taskFailures;
  final Counter restarts;

  public SchedulerMetrics(MetricRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
    this.offersReceived = registry.counter(PREFIX + "offers.received");
    this.offersDeclined = registry.counter(PREFIX + "offers.declined");
    this.launches = registry.counter(PREFIX + "launches");
    this.taskFailures = registry.counter(PREFIX + "task.failures");
    this.restarts = registry.counter(PREFIX + "restarts.requested");
  }

  /** Registers the gauges that read the scheduler's published state. */
  void gauges(IntSupplier running, IntSupplier pending) {
    registry.gauge(PREFIX + "brokers.running", () -> (Gauge<Integer>) running::getAsInt);
    registry.gauge(PREFIX + "brokers.pending", () -> (Gauge<Integer>) pending::getAsInt);
  }

  public long offersReceived() {
    return offersReceived.getCount();
  }

  public long offersDeclined() {
    return offersDeclined.getCount();
  }

  public long launches() {
    return launches.getCount();
  }

  public long taskFailures() {
    return taskFailures.getCount();
  }
}
