package io.kafkamesos.scheduler.plan;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.settings.TargetConfiguration;
import org.junit.jupiter.api.Test;

class ConfigComparisonTest {

  private static TargetConfiguration config(String... env) {
    return TargetConfiguration.of(settings(env), null);
  }

  @Test
  void theSameConfigurationIsNoChange() {
    ConfigChange c = ConfigComparison.compare(config("BROKER_PV", "TRUE"), config("BROKER_PV", "TRUE"));
    assertThat(c.none()).isTrue();
    assertThat(c.restartNeeded()).isFalse();
  }

  @Test
  void aLargerHeapNeedsARollingRestart() {
    ConfigChange c = ConfigComparison.compare(config(), config("BROKER_HEAP_MB", "300"));
    assertThat(c.refused()).isFalse();
    assertThat(c.restartNeeded()).isTrue();
    assertThat(c.changes()).containsExactly("BROKER_HEAP_MB: 256 -> 300");
  }

  @Test
  void aStaticOverrideNeedsARestartAndADynamicOneIsAppliedAtRunTime() {
    ConfigChange c = ConfigComparison.compare(config("KAFKA_OVERRIDE_LOG_RETENTION_MS", "1000"),
        config("KAFKA_OVERRIDE_LOG_RETENTION_MS", "2000"));
    assertThat(c.restartNeeded()).isFalse();
    assertThat(c.dynamicSet()).containsEntry("log.retention.ms", "2000");
    assertThat(c.changes()).containsExactly(
        "KAFKA_OVERRIDE_LOG_RETENTION_MS: 1000 -> 2000 (applied at run time)");

    ConfigChange removed = ConfigComparison.compare(config("KAFKA_OVERRIDE_NUM_IO_THREADS", "4"), config());
    assertThat(removed.restartNeeded()).isFalse();
    assertThat(removed.dynamicRemoved()).containsExactly("num.io.threads");

    ConfigChange staticOne = ConfigComparison.compare(config(),
        config("KAFKA_OVERRIDE_NUM_PARTITIONS", "6"));
    assertThat(staticOne.restartNeeded()).isTrue();
    assertThat(staticOne.changes()).containsExactly("KAFKA_OVERRIDE_NUM_PARTITIONS: (unset) -> 6");
  }

  @Test
  void moreBrokersAreLaunchedWithoutARestart() {
    ConfigChange c = ConfigComparison.compare(config(), config("BROKER_COUNT", "5"));
    assertThat(c.addedBrokers()).containsExactly(3, 4);
    assertThat(c.restartNeeded()).isFalse();
    assertThat(c.refused()).isFalse();
  }

  @Test
  void fewerBrokersAreRefused() {
    ConfigChange c = ConfigComparison.compare(config(), config("BROKER_COUNT", "2"));
    assertThat(c.refusalText()).startsWith("BROKER_COUNT cannot go down (3 -> 2)");
  }

  @Test
  void turningPersistentVolumesOffIsRefusedAndOnNeedsARestart() {
    assertThat(ConfigComparison.compare(config("BROKER_PV", "TRUE"), config()).refusalText())
        .startsWith("BROKER_PV cannot be turned off on a running cluster");
    ConfigChange on = ConfigComparison.compare(config(), config("BROKER_PV", "TRUE"));
    assertThat(on.refused()).isFalse();
    assertThat(on.restartNeeded()).isTrue();
  }

  @Test
  void anotherFrameworkNameRoleOrKafkaZooKeeperIsRefused() {
    assertThat(ConfigComparison.compare(config(), config("FRAMEWORK_NAME", "kafka1")).refusals())
        .anySatisfy(r -> assertThat(r).startsWith("FRAMEWORK_NAME cannot change"));
    assertThat(ConfigComparison.compare(config(), config("FRAMEWORK_ROLE", "other")).refusalText())
        .startsWith("FRAMEWORK_ROLE cannot change");
    assertThat(ConfigComparison.compare(config(), config("KAFKA_ZK_CONNECT", "zk:2181")).refusalText())
        .startsWith("KAFKA_ZK_CONNECT cannot change");
  }

  @Test
  void growingResourcesOnPersistentVolumesIsRefusedAndShrinkingIsNot() {
    ConfigChange grow = ConfigComparison.compare(config("BROKER_PV", "TRUE"),
        config("BROKER_PV", "TRUE", "BROKER_MEM", "1024", "BROKER_DISK", "2000"));
    assertThat(grow.refusalText()).contains("disk, memory cannot grow");
    ConfigChange shrink = ConfigComparison.compare(config("BROKER_PV", "TRUE"),
        config("BROKER_PV", "TRUE", "BROKER_MEM", "400"));
    assertThat(shrink.refused()).isFalse();
    assertThat(shrink.restartNeeded()).isTrue();
    ConfigChange growWithoutPv = ConfigComparison.compare(config(), config("BROKER_MEM", "1024"));
    assertThat(growWithoutPv.refused()).isFalse();
  }

  @Test
  void anUpgradeAlongTheCataloguesPathsIsAllowedWithoutAPinOfTheOperators() {
    ConfigChange c = ConfigComparison.compare(config("KAFKA_VERSION", "2.4.1"),
        config("KAFKA_VERSION", "3.9.1"));
    assertThat(c.refused()).isFalse();
    assertThat(c.restartNeeded()).isTrue();
    assertThat(c.changes()).anyMatch(line -> line.startsWith("KAFKA_VERSION: 2.4.1 -> 3.9.1 (rolling upgrade")
        && line.contains("pinned at 2.4"));
  }

  @Test
  void goingBackIsAllowedWhileTheBrokersSpeakTheOldProtocol() {
    ConfigChange back = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1"),
        config("KAFKA_VERSION", "2.4.1"), "2.4");
    assertThat(back.refused()).isFalse();
    assertThat(back.restartNeeded()).isTrue();

    ConfigChange raised = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1"),
        config("KAFKA_VERSION", "2.4.1"));
    assertThat(raised.refused()).isTrue();
    assertThat(raised.refusalText()).contains("KAFKA_VERSION cannot change from 3.9.1 to 2.4.1")
        .contains("speak inter.broker.protocol.version 3.9");
  }

  @Test
  void aProtocolOverrideCannotLowerWhatTheBrokersSpeak() {
    ConfigChange lower = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1"),
        config("KAFKA_VERSION", "3.9.1", "KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "2.4"));
    assertThat(lower.refused()).isTrue();
    assertThat(lower.refusalText()).contains("cannot lower").contains("3.9 -> 2.4");
  }

  @Test
  void aTargetStoredBeforeVersionsWereKeptRuns241() {
    TargetConfiguration stored = config("KAFKA_VERSION", "2.4.1");
    TargetConfiguration old = new TargetConfiguration(stored.frameworkName(), stored.brokerCount(),
        stored.persistentVolumes(), stored.placement(), stored.broker(), stored.executorCpus(),
        stored.executorMemMb(), stored.kafkaUri(), stored.executorUri(), stored.javaCommand(),
        stored.kafkaZookeeperConnect(), stored.role(), stored.principal(), stored.overrides(), null,
        null, null);
    assertThat(old.version().version()).isEqualTo("2.4.1");
    assertThat(ConfigComparison.compare(old, stored).none()).isTrue();
  }

  @Test
  void aJreArchiveIsARestart() {
    ConfigChange c = ConfigComparison.compare(config(), config("JAVA_URI", "http://repo/jre.tgz"));
    assertThat(c.restartNeeded()).isTrue();
    assertThat(c.changes()).containsExactly("JAVA_URI: (unset) -> http://repo/jre.tgz");
  }

  @Test
  void aZooKeeperClusterOf391MayMigrateToKraftOnItsOwnVersionOnly() {
    ConfigChange migrate = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1"),
        config("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT"));
    assertThat(migrate.refused()).as(migrate.refusalText()).isFalse();
    assertThat(migrate.restartNeeded()).isTrue();
    assertThat(migrate.changes()).containsExactly(
        "KAFKA_METADATA_MODE: ZOOKEEPER -> KRAFT (migration to KRaft)");

    ConfigChange andUpgrade = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1"),
        config("KAFKA_VERSION", "4.4.0", "KAFKA_METADATA_MODE", "KRAFT"));
    assertThat(andUpgrade.refusalText()).contains("KAFKA_METADATA_MODE cannot change from ZOOKEEPER"
        + " to KRAFT together with KAFKA_VERSION (3.9.1 -> 4.4.0)");

    ConfigChange pinned = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1",
        "KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "2.4"), config("KAFKA_VERSION", "3.9.1",
        "KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "2.4", "KAFKA_METADATA_MODE", "KRAFT"));
    assertThat(pinned.refusalText()).contains("while the brokers speak inter.broker.protocol.version"
        + " 2.4: Kafka's migration needs 3.9");
  }

  @Test
  void theMetadataModeCannotGoBackAndTheNumberOfControllersCannotChangeOnARunningCluster() {
    ConfigChange back = ConfigComparison.compare(config("KAFKA_VERSION", "3.9.1",
        "KAFKA_METADATA_MODE", "KRAFT"), config("KAFKA_VERSION", "3.9.1"));
    assertThat(back.refusalText()).contains("cannot go back from KRAFT to ZOOKEEPER");
    ConfigChange count = ConfigComparison.compare(config("KAFKA_VERSION", "4.4.0"),
        config("KAFKA_VERSION", "4.4.0", "CONTROLLER_COUNT", "5"));
    assertThat(count.refusalText()).contains("CONTROLLER_COUNT cannot change on a running cluster yet"
        + " (3 -> 5)");
  }

  @Test
  void aSmallerControllerHeapIsAChangeAndBiggerControllersAreRefused() {
    ConfigChange heap = ConfigComparison.compare(config("KAFKA_VERSION", "4.4.0"),
        config("KAFKA_VERSION", "4.4.0", "CONTROLLER_HEAP_MB", "192"));
    assertThat(heap.refused()).isFalse();
    assertThat(heap.changes()).containsExactly("CONTROLLER_HEAP_MB: 256 -> 192");
    ConfigChange grown = ConfigComparison.compare(config("KAFKA_VERSION", "4.4.0"),
        config("KAFKA_VERSION", "4.4.0", "CONTROLLER_DISK", "5000"));
    assertThat(grown.refusalText()).contains("the controllers' disk cannot grow");
  }

  @Test
  void aKraftClusterOf391UpgradesTo4AndGoesBackOnlyBeforeTheMetadataVersionIsRaised() {
    TargetConfiguration on391 = config("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "KRAFT");
    TargetConfiguration on440 = config("KAFKA_VERSION", "4.4.0", "KAFKA_METADATA_MODE", "KRAFT");
    ConfigChange up = ConfigComparison.compare(on391, on440);
    assertThat(up.refused()).as(up.refusalText()).isFalse();
    assertThat(up.restartNeeded()).isTrue();
    assertThat(up.changes()).singleElement().asString().startsWith("KAFKA_VERSION: 3.9.1 -> 4.4.0")
        .contains("metadata.version 3.9-IV0");

    ConfigChange back = ConfigComparison.compare(on440, on391, null, "3.9-IV0");
    assertThat(back.refused()).as(back.refusalText()).isFalse();
    assertThat(back.restartNeeded()).isTrue();
    ConfigChange late = ConfigComparison.compare(on440, on391);
    assertThat(late.refusalText()).contains("KAFKA_VERSION cannot change from 4.4.0 to 3.9.1")
        .contains("was raised to 4.4-IV2");

    ConfigChange zookeeper = ConfigComparison.compare(on391, config("KAFKA_VERSION", "4.4.0",
        "KAFKA_METADATA_MODE", "KRAFT", "KAFKA_OVERRIDE_ZOOKEEPER_SESSION_TIMEOUT_MS", "9000"));
    assertThat(zookeeper.refusalText()).contains("KAFKA_OVERRIDE_ZOOKEEPER_SESSION_TIMEOUT_MS set"
        + " ZooKeeper properties");
  }
}
