package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.plan.BrokerFacts;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.plan.PhaseDefinition;
import io.kafkamesos.scheduler.plan.PlanDefinition;
import io.kafkamesos.scheduler.plan.Plans;
import io.kafkamesos.scheduler.plan.RollRules;
import io.kafkamesos.scheduler.plan.Rollout;
import io.kafkamesos.scheduler.plan.Step;
import io.kafkamesos.scheduler.plan.StepStatus;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The roll of a KRaft cluster's controllers: which nodes a change touches, the order (the leader
 * last) and the quorum's gate, with the real {@link QuorumWatch} on a fake quorum and a hand-moved
 * clock.
 */
class ControllerRollTest {

  private static final List<Integer> CONTROLLERS = List.of(3000, 3001, 3002);
  private static final SchedulerSettings OLD = kraft();
  private static final ClusterView BROKERS_UP = new ClusterView(Set.of(0, 1, 2), Set.of(0, 1, 2), -1,
      List.of());

  private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeQuorum quorum = new FakeQuorum();
  private final QuorumWatch watch = new QuorumWatch(quorum, QuorumMode.STATIC, new ClusterLayout(3, 3),
      Map::of, clock, "kafka");
  private final Map<Integer, BrokerFacts> facts = new HashMap<>();
  private final Map<Integer, Instant> runningSince = new HashMap<>();
  private int tasks;

  private static SchedulerSettings kraft(String... more) {
    List<String> env = new ArrayList<>(List.of("KAFKA_VERSION", "4.4.0", "BROKER_COUNT", "3"));
    env.addAll(List.of(more));
    return Fixtures.settings(env.toArray(String[]::new));
  }

  // --- which nodes a change touches ----------------------------------------------------------

  private static Map<Integer, BrokerRecord> records(SchedulerSettings ran) {
    Map<Integer, BrokerRecord> records = new TreeMap<>();
    for (int id = 0; id < 3; id++) {
      records.put(id, running(NodeKind.BROKER, id, NodeSpec.of(ran).id()));
    }
    for (int id : CONTROLLERS) {
      records.put(id, running(NodeKind.CONTROLLER, id, ran.controllerConfigId()));
    }
    return records;
  }

  private static BrokerRecord running(NodeKind kind, int id, String configId) {
    return BrokerRecord.pending(kind, id, kind.prefix() + "-" + id + "__1", "new")
        .launched(kind.prefix() + "-" + id + "__1", "a" + id, "host" + id, 31000, null, configId, "1")
        .withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1);
  }

  private PlanDefinition plan(SchedulerSettings wanted, Set<Integer> controllers) {
    return Plans.define(new Plans.Inputs(wanted, new PlanState("2", PlanKind.CONFIGURATION, null,
        Map.of(), PlanProgress.NONE), records(OLD), Set.of(0, 1, 2), false, "target 2",
        controllers, controllers.isEmpty() ? null : rules()));
  }

  private static List<Integer> nodesOf(PlanDefinition plan, String phase) {
    return ((PhaseDefinition.Roll) plan.phase(phase).orElseThrow()).nodes();
  }

  @Test
  void aControllerHeapChangeRollsOnlyTheControllersBeforeTheBrokersPhase() {
    PlanDefinition plan = plan(kraft("CONTROLLER_HEAP_MB", "192"), Set.copyOf(CONTROLLERS));

    assertThat(plan.phases()).extracting(PhaseDefinition::name)
        .containsExactly(Plans.LAUNCH, Plans.CONTROLLERS, Plans.RESTART);
    assertThat(nodesOf(plan, Plans.CONTROLLERS)).containsExactly(3000, 3001, 3002);
    assertThat(nodesOf(plan, Plans.RESTART)).isEmpty();
  }

  @Test
  void aBrokerHeapChangeRollsOnlyTheBrokers() {
    PlanDefinition plan = plan(kraft("BROKER_HEAP_MB", "300"), Set.copyOf(CONTROLLERS));

    assertThat(nodesOf(plan, Plans.CONTROLLERS)).isEmpty();
    assertThat(nodesOf(plan, Plans.RESTART)).containsExactly(0, 1, 2);
  }

  @Test
  void newSoftwareRollsBoth() {
    PlanDefinition plan = plan(kraft("EXECUTOR_URI", "file:///dist/other-executor.jar"),
        Set.copyOf(CONTROLLERS));

    assertThat(nodesOf(plan, Plans.CONTROLLERS)).containsExactly(3000, 3001, 3002);
    assertThat(nodesOf(plan, Plans.RESTART)).containsExactly(0, 1, 2);
  }

  @Test
  void aClusterWithoutControllersHasNoControllersPhase() {
    PlanDefinition plan = plan(kraft("BROKER_HEAP_MB", "300"), Set.of());

    assertThat(plan.phases()).extracting(PhaseDefinition::name)
        .containsExactly(Plans.LAUNCH, Plans.RESTART);
  }

  // --- the order and the quorum's gate -------------------------------------------------------

  private RollRules rules() {
    return ControllerRoll.rules(watch, id -> runningSince.getOrDefault(id, Instant.EPOCH));
  }

  private Rollout rollout(SchedulerSettings wanted) {
    NodeSpec target = NodeSpec.of(wanted);
    return new Rollout(new PlanDefinition("2", List.of(
        new PhaseDefinition.Launch(Plans.LAUNCH, List.of(), RollRules.brokers()),
        new PhaseDefinition.Roll(Plans.CONTROLLERS, CONTROLLERS, target, rules(), false, false,
            "target 2: CONTROLLER_HEAP_MB: 256 -> 192"),
        new PhaseDefinition.Roll(Plans.RESTART, List.of(), target, RollRules.brokers(), false,
            false, "target 2")), Map.of()), Duration.ofMinutes(10), PlanProgress.NONE);
  }

  private void controllerRuns(int id, SchedulerSettings spec) {
    facts.put(id, new BrokerFacts(id, true, true, spec.controllerConfigId(),
        "controller-" + id + "__" + (tasks++), 0, "TASK_RUNNING", true));
    runningSince.put(id, clock.instant());
  }

  private void controllerKilled(int id) {
    BrokerFacts f = facts.get(id);
    facts.put(id, new BrokerFacts(id, false, false, f.configId(), f.taskId(), 0, "TASK_KILLED", true));
  }

  private Rollout.Actions tick(Rollout r) {
    return r.tick(facts, Optional.of(BROKERS_UP), "", clock.instant());
  }

  /** The quorum is described a few seconds on. */
  private void described() {
    clock.advance(Duration.ofSeconds(3));
    watch.look();
  }

  private static Step step(Rollout r, String id) {
    return r.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  /** Rolls {@code id}, which the plan just took down, onto {@code wanted} and back into the quorum. */
  private void rollBack(Rollout r, int id, SchedulerSettings wanted) {
    controllerKilled(id);
    quorum.behind(id);
    described();
    assertThat(tick(r).restart()).isEmpty();
    controllerRuns(id, wanted);
    assertThat(tick(r).restart()).isEmpty(); // the quorum was not described since it started
    assertThat(step(r, "controllers-" + id).message()).contains("not described since it started");
    described();
    assertThat(tick(r).restart()).isEmpty(); // running, but not caught up yet
    assertThat(step(r, "controllers-" + id).message())
        .isEqualTo("waiting for controller " + id + ": it has not caught up with the leader "
            + quorum.leader + " yet (10 records behind)");
    quorum.caughtUp(id);
    described();
  }

  @Test
  void rollsOneControllerAtATimeWhileTheOthersAreCaughtUpTheLeaderLast() {
    SchedulerSettings wanted = kraft("CONTROLLER_HEAP_MB", "192");
    CONTROLLERS.forEach(id -> controllerRuns(id, OLD));
    quorum.leader = 3001;
    described();
    Rollout r = rollout(wanted);

    List<Integer> order = new ArrayList<>();
    Rollout.Actions a = tick(r);
    assertThat(a.restart()).containsExactly(3000);
    assertThat(a.electLeaders()).isEmpty();
    assertThat(step(r, "controllers-3000").message()).startsWith("restarting controller 3000 (");
    order.add(3000);
    rollBack(r, 3000, wanted);
    assertThat(tick(r).restart()).isEmpty(); // the step completes; the next starts on the next tick
    assertThat(step(r, "controllers-3000").status()).isEqualTo(StepStatus.COMPLETE);
    assertThat(step(r, "controllers-3000").message()).startsWith("controller 3000 runs target 2");

    // 3002 may go only while 3000 and the leader are caught up
    quorum.behind(3000);
    described();
    assertThat(tick(r).restart()).isEmpty();
    assertThat(r.waiting()).startsWith("controller 3002 waits: without it only 1 of 3 voters are"
        + " caught up with the leader 3001");
    quorum.caughtUp(3000);
    described();

    // an interrupt holds the next step; continue lets it go
    r.interrupt();
    assertThat(tick(r).restart()).isEmpty();
    assertThat(r.status()).isEqualTo("INTERRUPTED");
    r.resume();
    a = tick(r);
    assertThat(a.restart()).containsExactly(3002);
    order.add(3002);
    rollBack(r, 3002, wanted);
    tick(r);

    a = tick(r);
    assertThat(a.restart()).containsExactly(3001); // the leader, last
    order.add(3001);
    quorum.leader = 3000; // the others elect a new leader
    rollBack(r, 3001, wanted);
    tick(r);
    tick(r);

    assertThat(order).containsExactly(3000, 3002, 3001);
    assertThat(r.phaseComplete(Plans.CONTROLLERS)).isTrue();
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aControllerThatRunsTheTargetAlreadyIsNotRestarted() {
    SchedulerSettings wanted = kraft("CONTROLLER_HEAP_MB", "192");
    controllerRuns(3000, wanted);
    controllerRuns(3001, OLD);
    controllerRuns(3002, OLD);
    quorum.leader = 3002;
    described();
    Rollout r = rollout(wanted);

    assertThat(tick(r).restart()).isEmpty(); // 3000 completes without a restart
    assertThat(step(r, "controllers-3000").status()).isEqualTo(StepStatus.COMPLETE);
    assertThat(tick(r).restart()).containsExactly(3001);
  }

  @Test
  void noControllerGoesDownWhileTheQuorumHasNoLeader() {
    CONTROLLERS.forEach(id -> controllerRuns(id, OLD));
    quorum.leader = -1;
    described();
    Rollout r = rollout(kraft("CONTROLLER_HEAP_MB", "192"));

    assertThat(tick(r).restart()).isEmpty();
    assertThat(r.waiting()).isEqualTo("controller 3000 waits: the quorum has no leader");
  }

  /** A quorum of 3000..3002, each caught up unless said otherwise, on the watch's clock. */
  private final class FakeQuorum implements QuorumAccess {
    int leader = 3000;
    private final Map<Integer, Boolean> behind = new HashMap<>();

    void behind(int id) {
      behind.put(id, true);
    }

    void caughtUp(int id) {
      behind.remove(id);
    }

    @Override
    public QuorumView describe() {
      long now = clock.millis();
      List<QuorumView.Replica> voters = new ArrayList<>();
      for (int id : CONTROLLERS) {
        voters.add(behind.containsKey(id)
            ? new QuorumView.Replica(id, null, 90, now - 10_000, now - 10_000)
            : new QuorumView.Replica(id, null, 100, now, now));
      }
      return new QuorumView(leader, 5, 100, voters, List.of());
    }

    @Override
    public void addVoter(int nodeId, String directoryId, io.kafkamesos.commons.node.Voter endpoint) {
      throw new UnsupportedOperationException("a static quorum");
    }

    @Override
    public void removeVoter(int nodeId, String directoryId) {
      throw new UnsupportedOperationException("a static quorum");
    }
  }

  private static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
