package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Healthy when every expected broker runs and is registered in Kafka; a warning while brokers are
 * only restarting; an error otherwise (see {@link BrokerProblems#severity}). Who is registered comes
 * from the shared view of Kafka (no read of Kafka per check).
 */
public final class BrokersHealthCheck extends HealthCheck {

  private final BrokerScheduler scheduler;
  private final Supplier<Set<Integer>> registered;

  /** @param registered the ids of the brokers registered in Kafka now */
  public BrokersHealthCheck(BrokerScheduler scheduler, Supplier<Set<Integer>> registered) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.registered = Objects.requireNonNull(registered);
  }

  @Override
  protected Result check() {
    var view = scheduler.view();
    var registered = this.registered.get();
    var faults = scheduler.faults();
    java.util.Map<Integer, String> lostLines = new java.util.HashMap<>();
    faults.lost().forEach(line -> lostLines.put(brokerOf(line), line));
    List<String> problems = new java.util.ArrayList<>(BrokerProblems.of(view, registered, lostLines));
    Severity severity = BrokerProblems.severity(view, registered);
    if (!faults.orphans().isEmpty()) {
      // never destroyed by inference: an operator looks and decides
      problems.add(faults.orphans().size() + " orphan reservations labelled with this cluster match no "
          + "broker: " + faults.orphans().stream().map(o -> o.id() + " (broker " + o.brokerId() + " on "
          + o.hostname() + ")").toList() + "; see GET /v1/reservations/orphans, delete with "
          + "DELETE /v1/reservations/<id>");
      severity = severity.max(Severity.WARNING);
    }
    if (problems.isEmpty()) {
      return Severity.HEALTHY.result("all " + view.brokerCount() + " brokers run and are registered");
    }
    return (severity == Severity.HEALTHY ? Severity.WARNING : severity)
        .result(String.join("; ", problems));
  }

  /** The broker id a line of {@code LostBrokers#describe} starts with ("broker 2 lost ..."). */
  private static int brokerOf(String line) {
    String[] words = line.split(" ", 3);
    try {
      return Integer.parseInt(words[1]);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
