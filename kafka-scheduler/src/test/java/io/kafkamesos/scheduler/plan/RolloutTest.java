package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan's state machine, driven by hand-made facts and a hand-moved time. */
class RolloutTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  /** What the brokers ran before the plan, and what it rolls them onto. */
  static final NodeSpec OLD = NodeSpec.of(io.kafkamesos.scheduler.Fixtures.settings());
  static final NodeSpec NEW = NodeSpec.of(io.kafkamesos.scheduler.Fixtures.settings("BROKER_HEAP_MB", "300"));
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Map<Integer, BrokerFacts> facts = new HashMap<>();
  private int taskCounter;

  private Rollout rollout(List<Integer> launch, List<Integer> restart) {
    return new Rollout(new PlanDefinition("2", List.of(
        new PhaseDefinition.Launch(Rollout.LAUNCH, launch, RollRules.brokers()),
        new PhaseDefinition.Roll(Rollout.RESTART, restart, NEW, RollRules.brokers(), false, false,
            "target 2: BROKER_HEAP_MB: 256 -> 300")), Map.of(OLD.id(), OLD)), TIMEOUT,
        io.kafkamesos.scheduler.state.PlanProgress.NONE);
  }

  /** Broker runs an old task (old configuration) unless {@code target}. */
  private void running(int id, boolean target) {
    running(id, target ? NEW : OLD);
  }

  private void running(int id, NodeSpec spec) {
    facts.put(id, new BrokerFacts(id, true, true, spec.id(), "task-" + id + "-" + (taskCounter++), 0,
        "TASK_RUNNING"));
  }

  private void killed(int id) {
    BrokerFacts f = facts.get(id);
    facts.put(id, new BrokerFacts(id, false, false, f.configId(), f.taskId(), 0, "TASK_KILLED"));
  }

  /** The broker's latest launch, on {@code spec}, failed for the {@code failures}-th time in a row. */
  private void failed(int id, NodeSpec spec, int failures) {
    facts.put(id, new BrokerFacts(id, false, false, spec.id(), "task-" + id + "-" + (taskCounter++),
        failures, "TASK_FAILED (REASON_FETCHER): Failed to fetch kafka.tgz"));
  }

  private Rollout.Actions tick(Rollout r, ClusterView view) {
    return r.tick(facts, Optional.of(view), "", now);
  }

  static ClusterView healthy(int controller) {
    return FakeCluster.brokers(3).controller(controller).partition("t", 0, 2, 0, 1, 2).view();
  }

  static StepStatus status(Rollout r, String step) {
    return r.steps().stream().filter(s -> s.id().equals(step)).findFirst().orElseThrow().status();
  }

  @Test
  void restartsOneBrokerAtATimeTheControllerLastAndElectsLeadersAfterEach() {
    for (int id = 0; id < 3; id++) {
      running(id, false);
    }
    Rollout r = rollout(List.of(), List.of(0, 1, 2));

    assertThat(tick(r, healthy(0)).restart()).containsExactly(1);
    assertThat(tick(r, healthy(0)).restart()).isEmpty(); // waits for broker 1
    killed(1);
    assertThat(tick(r, FakeCluster.brokers(3).down(1).controller(0).view()).restart()).isEmpty();
    running(1, true);
    ClusterView catchingUp = FakeCluster.brokers(3).controller(0)
        .partition("t", 0, 2, List.of(0, 1, 2), List.of(0, 2)).view();
    assertThat(tick(r, catchingUp).restart()).isEmpty();
    assertThat(r.steps().get(1).message()).contains("not yet in the ISR");

    Rollout.Actions done = tick(r, healthy(0));
    assertThat(done.electLeaders()).containsExactly(1);
    assertThat(status(r, "restart-1")).isEqualTo(StepStatus.COMPLETE);
    assertThat(done.restart()).isEmpty(); // the next step starts on the next tick

    assertThat(tick(r, healthy(0)).restart()).containsExactly(2);
    running(2, true);
    tick(r, healthy(0));
    assertThat(tick(r, healthy(0)).restart()).containsExactly(0); // the controller, last
    running(0, true);
    tick(r, healthy(0));
    assertThat(r.status()).isEqualTo("COMPLETE");
  }

  @Test
  void aStepWaitsWhileTheSafetyRuleRefusesAndSaysWhy() {
    for (int id = 0; id < 3; id++) {
      running(id, false);
    }
    Rollout r = rollout(List.of(), List.of(0));
    ClusterView unsafe = FakeCluster.brokers(3)
        .partition("orders", 0, 2, List.of(0, 1, 2), List.of(0, 1)).view();
    assertThat(tick(r, unsafe).restart()).isEmpty();
    assertThat(r.status()).isEqualTo("WAITING");
    assertThat(r.waiting()).contains("would leave orders-0").contains("below min.insync.replicas");
    assertThat(r.steps().get(0).message()).isEqualTo(r.waiting());
    assertThat(tick(r, healthy(1)).restart()).containsExactly(0);
  }

  @Test
  void aStepThatIsNotHealthyInTimeGoesToErrorAndStopsThePlanUntilRetried() {
    for (int id = 0; id < 3; id++) {
      running(id, false);
    }
    Rollout r = rollout(List.of(), List.of(0, 1));
    assertThat(tick(r, healthy(2)).restart()).containsExactly(0);
    killed(0);
    now = now.plus(TIMEOUT).plusSeconds(1);
    tick(r, FakeCluster.brokers(3).down(0).view());
    assertThat(status(r, "restart-0")).isEqualTo(StepStatus.ERROR);
    assertThat(r.status()).isEqualTo("ERROR");
    assertThat(r.steps().get(0).message()).startsWith("broker 0 did not become healthy within 600 s");

    running(0, true);
    ClusterView catchingUp = FakeCluster.brokers(3).controller(2)
        .partition("t", 0, 2, List.of(0, 1, 2), List.of(1, 2)).view();
    assertThat(tick(r, catchingUp).restart()).isEmpty(); // nothing else moves
    assertThat(status(r, "restart-0")).isEqualTo(StepStatus.ERROR);
    assertThat(status(r, "restart-1")).isEqualTo(StepStatus.PENDING);

    assertThatThrownBy(() -> r.retry("restart-1", now, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only a step in ERROR");
    assertThatThrownBy(() -> r.retry("restart-9", now, 0)).isInstanceOf(NoSuchElementException.class);
    r.retry("restart-0", now, 0);
    tick(r, catchingUp);
    assertThat(status(r, "restart-0")).as("retried: it waits again").isEqualTo(StepStatus.IN_PROGRESS);
    tick(r, healthy(2)); // broker 0 already runs the target: it only has to be healthy
    assertThat(status(r, "restart-0")).isEqualTo(StepStatus.COMPLETE);
    assertThat(tick(r, healthy(2)).restart()).containsExactly(1);
  }

  @Test
  void aStepInErrorCompletesByItselfOnceItsBrokerIsBackInSync() {
    for (int id = 0; id < 3; id++) {
      running(id, false);
    }
    Rollout r = rollout(List.of(), List.of(0, 1));
    tick(r, healthy(2));
    killed(0);
    now = now.plus(TIMEOUT).plusSeconds(1);
    tick(r, FakeCluster.brokers(3).down(0).view());
    assertThat(r.status()).isEqualTo("ERROR");
    running(0, true);
    tick(r, healthy(2));
    assertThat(status(r, "restart-0")).isEqualTo(StepStatus.COMPLETE);
    assertThat(r.status()).isNotEqualTo("ERROR");
    assertThat(tick(r, healthy(2)).restart()).containsExactly(1);
  }

  @Test
  void aBrokerThatFailsToStartOnItsNewSpecStopsThePlanThereWithTheReason() {
    for (int id = 0; id < 3; id++) {
      running(id, false);
    }
    Rollout r = rollout(List.of(), List.of(0, 1, 2));
    assertThat(tick(r, healthy(2)).restart()).containsExactly(0);
    killed(0);
    ClusterView without0 = FakeCluster.brokers(3).down(0).controller(2).view();
    for (int failures = 1; failures < Rollout.FAILED_STARTS; failures++) {
      failed(0, NEW, failures);
      tick(r, without0);
      assertThat(status(r, "restart-0")).as("after %s failures", failures).isEqualTo(StepStatus.IN_PROGRESS);
    }
    failed(0, NEW, Rollout.FAILED_STARTS);
    assertThat(tick(r, without0).restart()).isEmpty();
    assertThat(status(r, "restart-0")).isEqualTo(StepStatus.ERROR);
    assertThat(r.steps().get(0).message()).startsWith("broker 0 failed to start on Kafka")
        .contains("3 times in a row").contains("Failed to fetch kafka.tgz");
    assertThat(r.specFor(0, NEW.id())).as("it keeps trying its step's spec").isEqualTo(NEW);
    assertThat(r.specFor(1, OLD.id())).as("the others keep what they run").isEqualTo(OLD);
    assertThat(tick(r, without0).restart()).isEmpty();

    r.retry("restart-0", now, Rollout.FAILED_STARTS);
    tick(r, without0);
    assertThat(status(r, "restart-0")).as("failures count afresh").isEqualTo(StepStatus.IN_PROGRESS);
  }

  @Test
  void anInterruptLetsTheCurrentStepFinishAndStartsNoOther() {
    for (int id = 0; id < 3; id++) {
      running(id, false);
    }
    Rollout r = rollout(List.of(), List.of(0, 1, 2));
    assertThat(tick(r, healthy(2)).restart()).containsExactly(0);
    r.interrupt();
    running(0, true);
    tick(r, healthy(2));
    assertThat(status(r, "restart-0")).isEqualTo(StepStatus.COMPLETE);
    assertThat(tick(r, healthy(2)).restart()).isEmpty();
    assertThat(r.status()).isEqualTo("INTERRUPTED");
    r.resume();
    assertThat(tick(r, healthy(2)).restart()).containsExactly(1);
  }

  @Test
  void newBrokersCompleteTheirLaunchStepWhenRegistered() {
    for (int id = 0; id < 3; id++) {
      running(id, true);
    }
    Rollout r = rollout(List.of(3), List.of());
    ClusterView without = FakeCluster.brokers(4).down(3).view();
    assertThat(tick(r, without).restart()).isEmpty();
    assertThat(status(r, "launch-3")).isEqualTo(StepStatus.IN_PROGRESS);
    running(3, true);
    tick(r, FakeCluster.brokers(4).view());
    assertThat(r.status()).isEqualTo("COMPLETE");
  }

  @Test
  void nothingToDoIsACompletePlan() {
    Rollout r = rollout(List.of(), List.of());
    assertThat(tick(r, healthy(0)).restart()).isEmpty();
    assertThat(r.status()).isEqualTo("COMPLETE");
  }

  @Test
  void withoutKafkasStateNothingIsRestarted() {
    running(0, false);
    Rollout r = rollout(List.of(), List.of(0));
    assertThat(r.tick(facts, Optional.empty(), "ZooKeeper is down", now).restart()).isEmpty();
    assertThat(r.waiting()).contains("ZooKeeper is down");
  }
}
