package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetResolverTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Map<String, StateStore> stores = new HashMap<>();
  private final PlanSettings plan = new PlanSettings(Duration.ofMinutes(5), "/kafka");

  private TargetResolver.Resolution resolve(SchedulerSettings env) {
    return new TargetResolver(name -> stores.computeIfAbsent(name, n -> new InMemoryStateStore()),
        this::renamed, clock).resolve(env, plan);
  }

  private Optional<Target> renamed(String name) {
    return stores.entrySet().stream().filter(e -> !e.getKey().equals(name))
        .flatMap(e -> e.getValue().target().stream())
        .filter(t -> "/kafka".equals(t.configuration().marathonAppId())).findFirst();
  }

  @Test
  void theFirstStartStoresTargetOne() {
    var r = resolve(settings());
    assertThat(r.target().id()).isEqualTo("1");
    assertThat(r.refused()).isEmpty();
    assertThat(stores.get("kafka0").target()).contains(r.target());
    assertThat(r.target().configuration().marathonAppId()).isEqualTo("/kafka");
  }

  @Test
  void anUnchangedEnvironmentKeepsTheTarget() {
    resolve(settings());
    clock.advance(Duration.ofMinutes(1));
    var r = resolve(settings("PORT0", "9999"));
    assertThat(r.target().id()).isEqualTo("1");
    assertThat(r.change().none()).isTrue();
    assertThat(r.settings().apiPort()).isEqualTo(9999);
  }

  @Test
  void anAllowedChangeBecomesTheNextTarget() {
    resolve(settings());
    clock.advance(Duration.ofMinutes(1));
    var r = resolve(settings("BROKER_HEAP_MB", "300"));
    assertThat(r.target().id()).isEqualTo("2");
    assertThat(r.target().previousId()).isEqualTo("1");
    assertThat(r.target().createdMillis()).isEqualTo(clock.millis());
    assertThat(r.target().changes()).containsExactly("BROKER_HEAP_MB: 256 -> 300");
    assertThat(r.settings().broker().heapMb()).isEqualTo(300);
    assertThat(stores.get("kafka0").target().orElseThrow().id()).isEqualTo("2");
  }

  @Test
  void aRefusedChangeKeepsTheOldTargetAndItsSettings() {
    resolve(settings("BROKER_PV", "TRUE"));
    var r = resolve(settings("BROKER_PV", "FALSE", "BROKER_HEAP_MB", "300"));
    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x).startsWith("BROKER_PV cannot be turned off"));
    assertThat(r.target().id()).isEqualTo("1");
    assertThat(r.settings().persistentVolumes()).isTrue();
    assertThat(r.settings().broker().heapMb()).isEqualTo(256);
    assertThat(stores.get("kafka0").target().orElseThrow().id()).isEqualTo("1");
  }

  @Test
  void aRenamedFrameworkKeepsRunningUnderItsOldName() {
    resolve(settings());
    var r = resolve(settings("FRAMEWORK_NAME", "kafka9"));
    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x).contains("FRAMEWORK_NAME cannot change"));
    assertThat(r.settings().frameworkName()).isEqualTo("kafka0");
    assertThat(r.settings().role()).isEqualTo("kafka0-role");
    assertThat(stores.get("kafka9").target()).isEmpty();
  }
}
