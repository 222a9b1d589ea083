package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.offer.OfferEvaluator;
import io.kafkamesos.scheduler.offer.TaskInfoFactory;
import io.kafkamesos.scheduler.plan.Planner;
import io.kafkamesos.scheduler.security.NodeTls;
import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.StateStore;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a {@link BrokerScheduler} together the one way the application runs it: the target in force
 * drives a {@link PlanCoordinator} (whose Kafka side also moves the partitions of brokers being
 * removed), offers are evaluated against the target's settings, and tasks carry the executor's
 * environment. The tests build their schedulers here too, with fakes only at the {@link Edges}.
 */
public final class SchedulerAssembly {

  private SchedulerAssembly() {
  }

  /**
   * What lies outside the scheduler: where its state is kept, how it reaches Mesos and Kafka, its
   * metrics and its clock.
   */
  public record Edges(StateStore store, SchedulerDriver driver, KafkaRegistry kafka, ClusterOps ops,
      SchedulerMetrics metrics, Clock clock, io.kafkamesos.scheduler.kraft.QuorumGate quorum,
      io.kafkamesos.scheduler.kraft.MigrationProbe migration) {

    /** A cluster that is not migrating from ZooKeeper to KRaft. */
    public Edges(StateStore store, SchedulerDriver driver, KafkaRegistry kafka, ClusterOps ops,
        SchedulerMetrics metrics, Clock clock, io.kafkamesos.scheduler.kraft.QuorumGate quorum) {
      this(store, driver, kafka, ops, metrics, clock, quorum,
          io.kafkamesos.scheduler.kraft.MigrationProbe.NONE);
    }

    public Edges {
      Objects.requireNonNull(migration);
      Objects.requireNonNull(store);
      Objects.requireNonNull(driver);
      Objects.requireNonNull(kafka);
      Objects.requireNonNull(ops);
      Objects.requireNonNull(metrics);
      Objects.requireNonNull(clock);
      Objects.requireNonNull(quorum);
    }

    /** A cluster without a controller quorum of its own to keep (ZooKeeper mode). */
    public Edges(StateStore store, SchedulerDriver driver, KafkaRegistry kafka, ClusterOps ops,
        SchedulerMetrics metrics, Clock clock) {
      this(store, driver, kafka, ops, metrics, clock, io.kafkamesos.scheduler.kraft.QuorumGate.NONE);
    }
  }

  /**
   * How the scheduler behaves, read from the environment beside the cluster's settings.
   *
   * @param executorEnvironment variables every executor is launched with
   */
  public record Behaviour(PlanSettings plan, FaultSettings faults, Map<String, String> executorEnvironment) {

    public Behaviour {
      Objects.requireNonNull(plan);
      Objects.requireNonNull(faults);
      executorEnvironment = Map.copyOf(executorEnvironment);
    }

    /** The defaults: no variable set. */
    public static Behaviour defaults() {
      return new Behaviour(PlanSettings.defaults(), FaultSettings.defaults(), Map.of());
    }
  }

  /** The scheduler of {@code target} (as {@link TargetResolver} resolved it); call {@code load()} next. */
  public static BrokerScheduler assemble(TargetResolver.Resolution target, Behaviour behaviour,
      Edges edges) {
    return assemble(target, behaviour, edges, NodeTls.NONE);
  }

  /**
   * The scheduler of {@code target} whose nodes launch with {@code tls}'s ports and TLS task data
   * (issue 15).
   */
  public static BrokerScheduler assemble(TargetResolver.Resolution target, Behaviour behaviour,
      Edges edges, NodeTls tls) {
    SchedulerSettings settings = target.settings();
    PlanCoordinator plan = new PlanCoordinator(target, edges.ops(), behaviour.plan(), edges.store(),
        edges.clock(), edges.quorum(), edges.migration());
    return new BrokerScheduler(settings, edges.store(), edges.driver(),
        new OfferEvaluator(settings, new TaskInfoFactory(settings, behaviour.executorEnvironment(), tls)),
        new Planner(Planner.standardBackoff()), edges.kafka(), edges.clock(), edges.metrics(), plan,
        behaviour.faults(), edges.quorum());
  }
}
