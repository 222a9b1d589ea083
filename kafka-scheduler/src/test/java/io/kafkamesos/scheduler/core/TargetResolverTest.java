package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.security.SecuritySettingsParser;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.Target;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import java.util.Set;
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

  private TargetResolver.Resolution resolve(SchedulerSettings env, String... securityEnv) {
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < securityEnv.length; i += 2) {
      variables.put(securityEnv[i], securityEnv[i + 1]);
    }
    SecurityTarget security = SecurityTarget.of(SecuritySettingsParser.parse(variables, clock.instant()));
    return new TargetResolver(name -> stores.computeIfAbsent(name, n -> new InMemoryStateStore()),
        this::renamed, clock).resolve(env, security, plan);
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
  void withoutAModeAClusterKeepsTheOneItRuns() {
    var kraft = resolve(settings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT",
        "CONTROLLER_COUNT", "1"));
    assertThat(kraft.settings().isKraft()).isTrue();
    clock.advance(Duration.ofMinutes(1));
    // the variable left out of a later environment: the cluster stays KRaft, with its controller
    var again = resolve(settings("KAFKA_VERSION", "3.9.1", "CONTROLLER_COUNT", "1"));
    assertThat(again.refused()).isEmpty();
    assertThat(again.change().none()).isTrue();
    assertThat(again.settings().isKraft()).isTrue();
    assertThat(again.settings().kraft().controllers()).isEqualTo(1);

    stores.clear();
    resolve(settings("KAFKA_VERSION", "3.9.1"));
    // neither does a ZooKeeper-mode cluster whose environment names no version become KRaft
    var zk = resolve(settings());
    assertThat(zk.settings().isKraft()).isFalse();
    assertThat(zk.settings().kraft().controllers()).isZero();
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

  /** The package's environment: every version's stock archive. */
  private static SchedulerSettings packageSettings(String... keyValues) {
    Map<String, String> env = io.kafkamesos.scheduler.Fixtures.env();
    env.remove("KAFKA_URI");
    env.remove("KAFKA_VERSION"); // only what the test names
    env.put("KAFKA_DIST_URI_2_4_1", "http://repo/kafka_2.11-2.4.1.tgz");
    env.put("KAFKA_DIST_URI_3_9_1", "http://repo/kafka_2.13-3.9.1.tgz");
    env.put("KAFKA_DIST_URI_4_4_0", "http://repo/kafka_2.13-4.4.0.tgz");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return io.kafkamesos.scheduler.settings.SettingsParser.parse(env);
  }

  @Test
  void aClusterOn241WithoutKafkaVersionKeepsIt() {
    resolve(packageSettings("KAFKA_VERSION", "2.4.1"));
    clock.advance(Duration.ofMinutes(1));
    var r = resolve(packageSettings());
    assertThat(r.change().none()).isTrue();
    assertThat(r.target().id()).isEqualTo("1");
    assertThat(r.settings().kafka().version().version()).isEqualTo("2.4.1");
    assertThat(r.settings().kafka().uri()).isEqualTo("http://repo/kafka_2.11-2.4.1.tgz");
  }

  @Test
  void aTargetStoredBeforeVersionsWereKeptStaysOn241WithItsOwnArchive() {
    // as installed before this change: KAFKA_URI is the old archive, the target names no version
    SchedulerSettings old = settings("KAFKA_URI", "file:///dist/kafka-dist-0.1.0-SNAPSHOT-dist.tar.gz",
        "KAFKA_VERSION", "");
    var stored = io.kafkamesos.scheduler.settings.TargetConfiguration.of(old, null);
    stores.computeIfAbsent("kafka0", n -> new InMemoryStateStore()).storeTarget(new Target("1", 0,
        new io.kafkamesos.scheduler.settings.TargetConfiguration(stored.frameworkName(),
            stored.brokerCount(), stored.persistentVolumes(), stored.placement(), stored.broker(),
            stored.executorCpus(), stored.executorMemMb(), stored.kafkaUri(), stored.executorUri(),
            stored.javaCommand(), stored.kafkaZookeeperConnect(), stored.role(), stored.principal(),
            stored.overrides(), "/kafka", null, null), java.util.List.of(), null));

    var r = resolve(old);

    assertThat(r.change().none()).isTrue();
    assertThat(r.settings().kafka().version().version()).isEqualTo("2.4.1");
    assertThat(r.settings().isKraft()).as("a stored ZooKeeper-mode cluster never gets the KRaft default")
        .isFalse();
    // the brokers keep the digest they run: 2.4.1 in ZooKeeper mode, as before KRaft was the default
    assertThat(r.settings().brokerConfigId()).isEqualTo(old.withKafka(old.kafka()
        .withVersion(io.kafkamesos.commons.kafka.KafkaVersions.standard().legacy()))
        .withKraft(io.kafkamesos.scheduler.settings.KraftSettings.ZOOKEEPER).brokerConfigId());
  }

  @Test
  void aZooKeeperClusterAskedForKraftOnlyKafkaIsRefusedAndKeepsRunning() {
    resolve(packageSettings("KAFKA_VERSION", "3.9.1"));
    var r = resolve(packageSettings("KAFKA_VERSION", "4.4.0"));
    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("KAFKA_VERSION cannot change from 3.9.1 to 4.4.0")
        .contains("needs a migration from ZooKeeper to KRaft first (KAFKA_METADATA_MODE=KRAFT on"
            + " Kafka 3.9.1)"));
    assertThat(r.target().id()).isEqualTo("1");
    assertThat(r.settings().kafka().version().version()).isEqualTo("3.9.1");
    assertThat(r.settings().isKraft()).isFalse();
  }

  @Test
  void aKraftClusterOf391UpgradesTo440AndGoesBackOnlyUntilTheOperatorLetsMetadataVersionRise() {
    String[] kraft = {"KAFKA_METADATA_MODE", "KRAFT", "CONTROLLER_COUNT", "3"};
    resolve(packageSettings(with(kraft, "KAFKA_VERSION", "3.9.1")));
    var up = resolve(packageSettings(with(kraft, "KAFKA_VERSION", "4.4.0")));
    assertThat(up.refused()).isEmpty();
    assertThat(up.plan().kind()).isEqualTo(io.kafkamesos.scheduler.state.PlanKind.KRAFT_UPGRADE);
    assertThat(up.plan().upgrade().metadataVersion()).isEqualTo("3.9-IV0");

    // at the finalize gate the old version may come back
    var back = resolve(packageSettings(with(kraft, "KAFKA_VERSION", "3.9.1")));
    assertThat(back.refused()).isEmpty();
    assertThat(back.plan().kind()).isEqualTo(io.kafkamesos.scheduler.state.PlanKind.ROLLBACK);
    var again = resolve(packageSettings(with(kraft, "KAFKA_VERSION", "4.4.0")));
    assertThat(again.plan().kind()).isEqualTo(io.kafkamesos.scheduler.state.PlanKind.KRAFT_UPGRADE);

    // once the operator let the raise begin: no other change, and no way back
    StateStore store = stores.get("kafka0");
    store.storePlan(again.plan().withProgress(new io.kafkamesos.scheduler.state.PlanProgress(false,
        java.util.Set.of("finalize"), java.util.Set.of("controllers", "upgrade"),
        java.util.Set.of("controllers", "upgrade", "finalize"), Map.of())));
    var during = resolve(packageSettings(with(kraft, "KAFKA_VERSION", "4.4.0", "BROKER_HEAP_MB",
        "300")));
    assertThat(during.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("raises metadata.version to 4.4-IV2: no other change is taken"));
    var late = resolve(packageSettings(with(kraft, "KAFKA_VERSION", "3.9.1")));
    assertThat(late.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("KAFKA_VERSION cannot change from 4.4.0 to 3.9.1")
        .contains("metadata.version was raised to 4.4-IV2"));
    assertThat(late.target().id()).isEqualTo(again.target().id());
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void kraftOnAZooKeeperClusterOf391IsAMigrationPlanFromItsZooKeeperSpec() {
    var zk = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    clock.advance(Duration.ofMinutes(1));
    var r = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT",
        "CONTROLLER_COUNT", "3"));
    assertThat(r.refused()).isEmpty();
    assertThat(r.target().id()).isEqualTo("2");
    assertThat(r.settings().isKraft()).isTrue();
    assertThat(r.settings().kraft().controllers()).isEqualTo(3);
    assertThat(r.plan().kind()).isEqualTo(io.kafkamesos.scheduler.state.PlanKind.MIGRATION);
    // the brokers enter migration mode on top of what they ran in ZooKeeper mode
    assertThat(r.plan().migratedFrom()).isNotNull();
    assertThat(io.kafkamesos.scheduler.plan.NodeSpec.of(r.plan().migratedFrom(), r.settings()).id())
        .isEqualTo(zk.settings().brokerConfigId());
    assertThat(r.plan().migratedFrom().configuration().metadataMode())
        .isEqualTo(io.kafkamesos.commons.kafka.MetadataMode.ZOOKEEPER);

    // while it runs no other change is taken, nor the way back
    clock.advance(Duration.ofMinutes(1));
    var heap = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT",
        "CONTROLLER_COUNT", "3", "BROKER_HEAP_MB", "300"));
    assertThat(heap.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("target 2 migrates the cluster to KRaft: no other change is taken"));
    assertThat(heap.target().id()).isEqualTo("2");
    var backWithHeap = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE",
        "ZOOKEEPER", "BROKER_HEAP_MB", "300"));
    assertThat(backWithHeap.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("it can be reverted with KAFKA_METADATA_MODE=ZOOKEEPER alone"));
    var same = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT",
        "CONTROLLER_COUNT", "3"));
    assertThat(same.refused()).isEmpty();
    assertThat(same.change().none()).isTrue();
  }

  /** Target 2 of a 3.9.1 ZooKeeper-mode cluster: its migration to KRaft, as far as {@code progress}. */
  private void migratingAt(PlanProgress progress) {
    resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    clock.advance(Duration.ofMinutes(1));
    resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT",
        "CONTROLLER_COUNT", "3"));
    var store = stores.get("kafka0");
    store.storePlan(store.plan().orElseThrow().withProgress(progress));
    clock.advance(Duration.ofMinutes(1));
  }

  private static PlanProgress at(Set<String> started, Set<String> complete) {
    return new PlanProgress(false, Set.of(), started, complete, Map.of());
  }

  @Test
  void zooKeeperModeBackBeforeTheBrokersRunAsKraftBrokersRevertsTheMigration() {
    migratingAt(at(Set.of("controllers", "dual-write", "metadata-migrated"),
        Set.of("launch", "controllers", "dual-write")));
    // the controllers' settings may stay in the environment: a ZooKeeper-mode cluster ignores them
    var back = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER",
        "CONTROLLER_COUNT", "3"));

    assertThat(back.refused()).isEmpty();
    assertThat(back.target().id()).isEqualTo("3");
    assertThat(back.settings().isKraft()).isFalse();
    assertThat(back.change().changes()).containsExactly("KAFKA_METADATA_MODE: KRAFT -> ZOOKEEPER");
    assertThat(back.plan().kind()).isEqualTo(PlanKind.REVERT);
    assertThat(back.plan().migratedFrom()).isNotNull();
    assertThat(io.kafkamesos.scheduler.plan.NodeSpec.of(back.plan().migratedFrom(), back.settings())
        .id()).as("the brokers go back to the spec they ran before the migration")
        .isEqualTo(back.settings().brokerConfigId());

    // the revert runs alone, the migration again included, until it is complete
    var again = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT",
        "CONTROLLER_COUNT", "3"));
    assertThat(again.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("target 3 reverts the migration to KRaft: no other change is taken"));
    var store = stores.get("kafka0");
    store.storePlan(store.plan().orElseThrow().withProgress(at(
        Set.of("remove-controllers", "zookeeper-controller", "zookeeper-brokers"),
        Set.of("launch", "remove-controllers", "zookeeper-controller", "zookeeper-brokers"))));
    clock.advance(Duration.ofMinutes(1));
    var migrateAgain = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE",
        "KRAFT", "CONTROLLER_COUNT", "3"));
    assertThat(migrateAgain.refused()).isEmpty();
    assertThat(migrateAgain.target().id()).isEqualTo("4");
    assertThat(migrateAgain.plan().kind()).isEqualTo(PlanKind.MIGRATION);
  }

  @Test
  void zooKeeperModeBackOnceTheBrokersRunAsKraftBrokersRevertsWithTheirDualWriteSpecKept() {
    migratingAt(at(Set.of("controllers", "dual-write", "metadata-migrated", "kraft-brokers"),
        Set.of("launch", "controllers", "dual-write", "metadata-migrated")));
    var store = stores.get("kafka0");
    for (int id = 3000; id < 3003; id++) {
      store.storeBroker(io.kafkamesos.scheduler.state.BrokerRecord.pending(
          io.kafkamesos.commons.node.NodeKind.CONTROLLER, id, "c" + id, "new controller")
          .withReservation(new io.kafkamesos.scheduler.state.Reservation("a" + id, "h" + id,
              "v" + id, 1, 1, 1, 32000)));
    }
    var back = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));

    assertThat(back.refused()).isEmpty();
    assertThat(back.target().id()).isEqualTo("3");
    assertThat(back.plan().kind()).isEqualTo(PlanKind.REVERT);
    var zookeeper = io.kafkamesos.scheduler.plan.NodeSpec.of(back.plan().migratedFrom(),
        back.settings());
    var dualWrite = io.kafkamesos.scheduler.plan.Plans.dualWriteSpec(zookeeper,
        "3000@h3000:32000,3001@h3001:32000,3002@h3002:32000");
    assertThat(back.plan().specs()).as("the spec the KRaft brokers roll back onto, stored with the"
        + " revert (the controllers' records go during it)").containsKey(dualWrite.id());
    assertThat(back.plan().specs().get(dualWrite.id()).pins())
        .containsEntry("zookeeper.metadata.migration.enable", "true")
        .containsEntry("controller.quorum.voters",
            "3000@h3000:32000,3001@h3001:32000,3002@h3002:32000");
  }

  @Test
  void zooKeeperModeBackOnceTheBrokersRunAsKraftBrokersWaitsForTheControllersPlaces() {
    migratingAt(at(Set.of("controllers", "dual-write", "metadata-migrated", "kraft-brokers"),
        Set.of("launch", "controllers", "dual-write", "metadata-migrated")));
    var back = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    assertThat(back.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("target 2 cannot be reverted yet")
        .contains("controller.quorum.voters"));
    assertThat(back.target().id()).isEqualTo("2");
    assertThat(back.settings().isKraft()).isTrue();
  }

  @Test
  void zooKeeperModeBackAtTheFinalizeGateReverts() {
    migratingAt(new PlanProgress(false, Set.of(), Set.of("controllers", "dual-write",
        "metadata-migrated", "kraft-brokers", "finalize"), Set.of("launch", "controllers",
        "dual-write", "metadata-migrated", "kraft-brokers"), Map.of()));
    var store = stores.get("kafka0");
    for (int id = 3000; id < 3003; id++) {
      store.storeBroker(io.kafkamesos.scheduler.state.BrokerRecord.pending(
          io.kafkamesos.commons.node.NodeKind.CONTROLLER, id, "c" + id, "new controller")
          .withReservation(new io.kafkamesos.scheduler.state.Reservation("a" + id, "h" + id,
              "v" + id, 1, 1, 1, 32000)));
    }
    var back = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    assertThat(back.refused()).isEmpty();
    assertThat(back.plan().kind()).isEqualTo(PlanKind.REVERT);
  }

  @Test
  void zooKeeperModeBackOnceTheFinalizeGateWasPassedIsRefused() {
    migratingAt(new PlanProgress(false, Set.of("finalize"), Set.of("kraft-brokers", "finalize"),
        Set.of("launch", "controllers", "dual-write", "metadata-migrated", "kraft-brokers"),
        Map.of()));
    var back = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    assertThat(back.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("it cannot be reverted: it was finalised (finalize passed")
        .contains("cannot go back to ZooKeeper"));
    assertThat(back.target().id()).isEqualTo("2");
  }

  @Test
  void zooKeeperModeBackOnceFinalisedIsRefusedForGood() {
    migratingAt(at(Set.of("kraft-brokers", "finalize", "kraft-controllers"),
        Set.of("launch", "controllers", "dual-write", "metadata-migrated", "kraft-brokers",
            "finalize")));
    var back = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"));
    assertThat(back.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("it was finalised")
        .contains("cannot go back to ZooKeeper"));
    assertThat(back.target().id()).isEqualTo("2");
  }

  @Test
  void aSecuredZooKeeperClusterDoesNotMigrate() {
    resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "ZOOKEEPER"),
        "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw");
    var r = resolve(packageSettings("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT"),
        "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw");
    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("migrating a secured cluster is not supported yet"));
    assertThat(r.settings().isKraft()).isFalse();
  }

  @Test
  void aNewClusterWithoutKafkaVersionIsAKraftClusterOf440() {
    var r = resolve(packageSettings());
    assertThat(r.refused()).isEmpty();
    assertThat(r.settings().kafka().version().version()).isEqualTo("4.4.0");
    assertThat(r.settings().isKraft()).isTrue();
    assertThat(stores.get("kafka0").target().orElseThrow().configuration().kraft().controllers())
        .isEqualTo(3);
  }

  @Test
  void anOperatorWhoNamesAVersionUpgrades() {
    resolve(packageSettings("KAFKA_VERSION", "2.4.1"));
    var r = resolve(packageSettings("KAFKA_VERSION", "3.9.1",
        "KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "2.4"));
    assertThat(r.refused()).isEmpty();
    assertThat(r.target().id()).isEqualTo("2");
    assertThat(r.settings().kafka().uri()).isEqualTo("http://repo/kafka_2.13-3.9.1.tgz");
  }

  @Test
  void aNewClusterKeepsItsSecurityOptionsInItsFirstTarget() {
    var r = resolve(settings(), "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw",
        "AUTHENTICATION", "SCRAM-SHA-512", "AUTHORIZATION_ENABLED", "TRUE", "SUPER_USERS", "alice");

    assertThat(r.refused()).isEmpty();
    SecurityTarget stored = stores.get("kafka0").target().orElseThrow().configuration().security();
    assertThat(stored.tls()).isTrue();
    assertThat(stored.authentication()).isEqualTo("SCRAM-SHA-512");
    assertThat(stored.authorization()).isTrue();
    assertThat(stored.superUsers()).containsExactly("User:alice");
    assertThat(stored.operatorCa()).isFalse();
  }

  @Test
  void theSameSecurityOptionsAgainAreNoChange() {
    resolve(settings(), "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw");
    // another credential is the process's business, not the cluster's
    var r = resolve(settings("BROKER_HEAP_MB", "300"), "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:other");
    assertThat(r.refused()).isEmpty();
    assertThat(r.target().id()).isEqualTo("2");
    assertThat(r.target().changes()).containsExactly("BROKER_HEAP_MB: 256 -> 300");
    assertThat(r.target().configuration().security().tls()).isTrue();
  }

  @Test
  void tlsWithPlaintextKeptOnARunningClusterIsSwitchedOn() {
    resolve(settings());
    var r = resolve(settings(), "TLS_ENABLED", "TRUE", "ALLOW_PLAINTEXT", "TRUE", "ZK_SECRET", "kafka0:pw");

    assertThat(r.refused()).isEmpty();
    assertThat(r.change().changes()).contains("TLS_ENABLED: FALSE -> TRUE", "ALLOW_PLAINTEXT: FALSE -> TRUE");
    assertThat(r.change().restartNeeded()).isTrue();
    assertThat(r.target().id()).isEqualTo("2");
    assertThat(r.target().configuration().security().tls()).isTrue();
    assertThat(r.target().configuration().security().switched()).isTrue();
    assertThat(r.plan().kind()).isEqualTo(PlanKind.SWITCH_ON);
    assertThat(r.plan().switchOn().from()).isEqualTo(SecurityTarget.NONE);
  }

  @Test
  void aSwitchOnComesAloneNotWithBrokerPvTurnedOn() {
    resolve(settings());
    var r = resolve(settings("BROKER_PV", "true"), "TLS_ENABLED", "TRUE", "ALLOW_PLAINTEXT", "TRUE",
        "ZK_SECRET", "kafka0:pw");

    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("TLS is switched on alone").contains("BROKER_PV"));
    assertThat(r.target().id()).isEqualTo("1");
  }

  @Test
  void aSwitchOnOfAPvClusterIsRefused() {
    resolve(settings("BROKER_PV", "true"));
    var r = resolve(settings("BROKER_PV", "true"), "TLS_ENABLED", "TRUE", "ALLOW_PLAINTEXT", "TRUE",
        "ZK_SECRET", "kafka0:pw");
    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x)
        .contains("turning TLS on for a running BROKER_PV cluster is not supported yet"));
    assertThat(r.target().id()).isEqualTo("1");
  }

  @Test
  void turningSecurityOnWithoutPlaintextIsASwitchWhoseLastStageWaitsForTheOperator() {
    resolve(settings());
    var r = resolve(settings(), "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw");

    assertThat(r.refused()).isEmpty();
    assertThat(r.plan().kind()).isEqualTo(PlanKind.SWITCH_ON);
    assertThat(io.kafkamesos.scheduler.security.SwitchOn.stages(r.plan().switchOn().from(),
        r.plan().switchOn().to())).extracting(s -> s.name() + (s.waitsForOperator() ? " (waits)" : ""))
        .containsExactly("add-secure-listeners", "move-inter-broker", "remove-plaintext (waits)");
  }

  @Test
  void turningSecurityOnWithAnotherChangeIsRefusedAndItKeepsItsTarget() {
    resolve(settings());
    var r = resolve(settings("BROKER_HEAP_MB", "300", "BROKER_COUNT", "4"), "TLS_ENABLED", "TRUE",
        "ZK_SECRET", "kafka0:pw");

    assertThat(r.refused()).hasValueSatisfying(x -> assertThat(x).contains("TLS is switched on alone"));
    assertThat(r.change().changes()).contains("TLS_ENABLED: FALSE -> TRUE");
    assertThat(r.target().id()).isEqualTo("1");
    assertThat(r.target().configuration().security()).isEqualTo(SecurityTarget.NONE);
    assertThat(r.settings().broker().heapMb()).isEqualTo(256);
    assertThat(stores.get("kafka0").target().orElseThrow().id()).isEqualTo("1");
  }

  @Test
  void changingTheSecurityOptionsOfASecureClusterIsRefused() {
    resolve(settings(), "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw");
    var r = resolve(settings(), "TLS_ENABLED", "TRUE", "ZK_SECRET", "kafka0:pw",
        "AUTHENTICATION", "MTLS");
    assertThat(r.refused()).hasValue("changing the security options of a running cluster is not"
        + " supported yet (AUTHENTICATION: NONE -> MTLS); it keeps the options it was installed with");

    var off = resolve(settings());
    assertThat(off.refused()).hasValueSatisfying(x -> assertThat(x)
        .startsWith("turning security off for a running cluster is not supported yet"));
    assertThat(off.target().configuration().security().tls()).isTrue();
  }

  @Test
  void certificateLivesWithoutTlsAreNoSecurityOptions() {
    resolve(settings());
    var r = resolve(settings(), "TLS_VALIDITY_DAYS", "90", "TLS_RENEWAL_DAYS", "10");
    assertThat(r.refused()).isEmpty();
    assertThat(r.change().none()).isTrue();
  }
}
