package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the plan state goes from target to target, and what the cluster speaks meanwhile. */
class PlanStatesTest {

  private static final SchedulerSettings ENV = Fixtures.settings();

  private static Target target(String id, String... env) {
    return new Target(id, 0L, TargetConfiguration.of(Fixtures.settings(env), null), List.of(), null);
  }

  private static final Target ON_241 = target("1", "KAFKA_VERSION", "2.4.1");
  private static final Target ON_391 = target("2", "KAFKA_VERSION", "3.9.1");

  private static String id(Target t) {
    return NodeSpec.of(t.configuration().applyTo(ENV)).id();
  }

  private static PlanState progressed(PlanState s, Set<String> started, Set<String> complete) {
    return s.withProgress(new PlanProgress(false, Set.of(), started, complete, Map.of()));
  }

  @Test
  void aNewVersionAlongTheCataloguesPathsIsAnUpgradeWithTheSpokenProtocolPinned() {
    PlanState before = PlanStates.of(ON_241, Optional.empty(), ENV);
    assertThat(before.kind()).isEqualTo(PlanKind.CONFIGURATION);
    assertThat(before.specs()).containsOnlyKeys(id(ON_241));

    PlanState upgrade = PlanStates.next(ON_241, before, ON_391, ENV, List.of(id(ON_241)));
    assertThat(upgrade.targetId()).isEqualTo("2");
    assertThat(upgrade.kind()).isEqualTo(PlanKind.UPGRADE);
    assertThat(upgrade.upgrade()).isEqualTo(new PlanState.UpgradeRecord("2.4.1", "3.9.1", "2.4", "2.4"));
    assertThat(upgrade.specs()).as("what the brokers run, to relaunch one as it was").containsOnlyKeys(id(ON_241));
    assertThat(PlanStates.protocolInForce(ON_391.configuration(), upgrade)).isEqualTo("2.4");
    assertThat(PlanStates.raiseStarted(upgrade)).isFalse();
  }

  @Test
  void theProtocolIsTheNewOnesOnceRaiseProtocolStarted() {
    PlanState upgrade = PlanStates.next(ON_241, PlanStates.of(ON_241, Optional.empty(), ENV), ON_391,
        ENV, List.of());
    PlanState raising = progressed(upgrade, Set.of("upgrade", "finalize", "raise-protocol"),
        Set.of("upgrade", "finalize"));
    assertThat(PlanStates.raiseStarted(raising)).isTrue();
    assertThat(PlanStates.protocolInForce(ON_391.configuration(), raising)).isEqualTo("3.9");
    assertThat(PlanStates.messageFormatInForce(ON_391.configuration(), raising)).isEqualTo("3.0");
  }

  @Test
  void theOldVersionBackIsARollbackThatKnowsThePinnedSpec() {
    PlanState upgrade = PlanStates.next(ON_241, PlanStates.of(ON_241, Optional.empty(), ENV), ON_391,
        ENV, List.of(id(ON_241)));
    NodeSpec pinned = NodeSpec.of(ON_391.configuration().applyTo(ENV)).pinned("2.4", "2.4");
    Target back = target("3", "KAFKA_VERSION", "2.4.1");
    PlanState rollback = PlanStates.next(ON_391, upgrade, back, ENV, List.of(pinned.id(), id(ON_241)));
    assertThat(rollback.kind()).isEqualTo(PlanKind.ROLLBACK);
    assertThat(rollback.upgrade()).isNull();
    assertThat(rollback.specs()).containsOnlyKeys(pinned.id(), id(ON_241));
    assertThat(PlanStates.protocolInForce(back.configuration(), rollback)).isEqualTo("2.4");
  }

  @Test
  void aConfigurationChangeDuringAnUpgradeCarriesItOn() {
    PlanState upgrade = PlanStates.next(ON_241, PlanStates.of(ON_241, Optional.empty(), ENV), ON_391,
        ENV, List.of());
    Target heap = target("3", "KAFKA_VERSION", "3.9.1", "BROKER_HEAP_MB", "300");
    PlanState still = PlanStates.next(ON_391, upgrade, heap, ENV, List.of());
    assertThat(still.kind()).isEqualTo(PlanKind.UPGRADE);
    assertThat(still.upgrade()).isEqualTo(upgrade.upgrade());
    assertThat(still.progress()).as("a new target's gate waits again").isEqualTo(PlanProgress.NONE);

    PlanState raising = progressed(upgrade, Set.of("raise-protocol"), Set.of("upgrade", "finalize"));
    assertThat(PlanStates.next(ON_391, raising, heap, ENV, List.of()).kind())
        .isEqualTo(PlanKind.RAISE_PROTOCOL);

    PlanState done = progressed(upgrade, Set.of("raise-protocol"),
        Set.of("upgrade", "finalize", "raise-protocol"));
    PlanState after = PlanStates.next(ON_391, done, heap, ENV, List.of());
    assertThat(after.kind()).isEqualTo(PlanKind.CONFIGURATION);
    assertThat(after.upgrade()).isNull();
  }

  @Test
  void aStoredPlanOfAnotherTargetIsNotThisOnes() {
    PlanState other = new PlanState("9", PlanKind.UPGRADE,
        new PlanState.UpgradeRecord("2.4.1", "3.9.1", "2.4", "2.4"), Map.of(), PlanProgress.NONE);
    PlanState of = PlanStates.of(ON_391, Optional.of(other), ENV);
    assertThat(of.targetId()).isEqualTo("2");
    assertThat(of.kind()).isEqualTo(PlanKind.CONFIGURATION);
    assertThat(PlanStates.protocolInForce(ON_391.configuration(), of)).isEqualTo("3.9");
  }
}
