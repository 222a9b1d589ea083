package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import java.util.List;
import java.util.Objects;

/** Healthy when every expected broker runs and is registered in Kafka's ZooKeeper. */
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
    List<String> problems = BrokerProblems.of(view, registry.registrations().keySet());
    if (problems.isEmpty()) {
      return Result.healthy("all " + view.brokerCount() + " brokers run and are registered");
    }
    return Result.unhealthy(String.join("; ", problems));
  }
}
