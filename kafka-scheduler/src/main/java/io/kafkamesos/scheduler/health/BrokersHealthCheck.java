package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import java.util.List;
import java.util.Objects;

/**
 * Healthy when every expected broker runs and is registered in Kafka's ZooKeeper; a warning while
 * brokers are only restarting; an error otherwise (see {@link BrokerProblems#severity}).
 */
public final class BrokersHealthCheck extends HealthCheck {

  private final BrokerScheduler scheduler;
  private final KafkaRegistry registry;

  public BrokersHealthCheck(BrokerScheduler scheduler, KafkaRegistry registry) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.registry = Objects.requireNonNull(registry);
  }

  @Override
  protected Result check() {
    var view = scheduler.view();
    var registered = registry.registrations().keySet();
    List<String> problems = BrokerProblems.of(view, registered);
    if (problems.isEmpty()) {
      return Severity.HEALTHY.result("all " + view.brokerCount() + " brokers run and are registered");
    }
    Severity severity = BrokerProblems.severity(view, registered);
    return (severity == Severity.HEALTHY ? Severity.WARNING : severity)
        .result(String.join("; ", problems));
  }
}
