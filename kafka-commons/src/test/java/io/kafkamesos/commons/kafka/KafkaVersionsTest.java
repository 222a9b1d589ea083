package io.kafkamesos.commons.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaVersionsTest {

  private final KafkaVersions catalogue = KafkaVersions.standard();
  private final KafkaVersion v24 = catalogue.find("2.4.1").orElseThrow();
  private final KafkaVersion v39 = catalogue.find("3.9.1").orElseThrow();
  private final KafkaVersion v4 = catalogue.all().get(2);

  @Test
  void theDefaultIsKraftOnly440AndOldClustersKeep241() {
    assertThat(catalogue.defaultVersion().version()).isEqualTo("4.4.0");
    assertThat(catalogue.defaultVersion().runs(MetadataMode.ZOOKEEPER)).isFalse();
    assertThat(catalogue.defaultVersion().defaultMode()).isEqualTo(MetadataMode.KRAFT);
    assertThat(catalogue.legacy().version()).isEqualTo("2.4.1");
    assertThat(catalogue.supportedList()).isEqualTo("2.4.1, 3.9.1, 4.4.0");
  }

  @Test
  void eachVersionSaysWhatItRunsAndSpeaks() {
    assertThat(v24.scalaVersion()).isEqualTo("2.11");
    assertThat(v24.modes()).containsExactly(MetadataMode.ZOOKEEPER);
    assertThat(v24.interBrokerProtocol()).isEqualTo("2.4");
    assertThat(v24.logMessageFormat()).isEqualTo("2.4");
    assertThat(v24.metadataVersion()).isNull();
    assertThat(v39.modes()).containsExactlyInAnyOrder(MetadataMode.ZOOKEEPER, MetadataMode.KRAFT);
    assertThat(v39.metadataVersion()).isEqualTo("3.9-IV0");
    assertThat(v4.version()).startsWith("4.");
    assertThat(v4.modes()).containsExactly(MetadataMode.KRAFT);
    assertThat(v4.interBrokerProtocol()).isNull();
    assertThat(v4.brokerJava()).isEqualTo(17);
    assertThat(v4.logging()).isEqualTo(BrokerLogging.LOG4J2);
    assertThat(v4.supported()).isTrue();
  }

  @Test
  void kraftVersionsSayHowTheyNameTheirQuorumAndWhichModeANewClusterGets() {
    assertThat(v24.quorum()).isNull();
    // 3.9 migrates from ZooKeeper only with a static quorum; Kafka 4 prefers a dynamic one
    assertThat(v39.quorum()).isEqualTo(io.kafkamesos.commons.node.QuorumMode.STATIC);
    assertThat(v4.quorum()).isEqualTo(io.kafkamesos.commons.node.QuorumMode.DYNAMIC);
    assertThat(v24.defaultMode()).isEqualTo(MetadataMode.ZOOKEEPER);
    assertThat(v39.defaultMode()).isEqualTo(MetadataMode.ZOOKEEPER);
    assertThat(v4.defaultMode()).isEqualTo(MetadataMode.KRAFT);
    assertThatThrownBy(() -> new KafkaVersion("9.9.9", "2.13", java.util.Set.of(MetadataMode.KRAFT),
        null, null, "9.9-IV0", BrokerLogging.LOG4J2, 17, false, null, Map.of(), null))
        .hasMessageContaining("quorum mode");
  }

  @Test
  void archivesAreNamedAsApacheNamesItsOwn() {
    assertThat(v39.archiveName()).isEqualTo("kafka_2.13-3.9.1.tgz");
    assertThat(v39.topFolder()).isEqualTo("kafka_2.13-3.9.1");
    assertThat(v24.brokerJar()).isEqualTo("kafka_2.11-2.4.1.jar");
  }

  @Test
  void findsVersionsAndNothingElse() {
    assertThat(catalogue.find(" 3.9.1 ")).contains(v39);
    assertThat(catalogue.find("3.9")).isEmpty();
    assertThat(catalogue.find(null)).isEmpty();
  }

  @Test
  void readsTheVersionOfADistributionFromItsJars() {
    assertThat(KafkaVersions.versionOfLibs(List.of("zookeeper-3.8.4.jar", "kafka-clients-3.9.1.jar",
        "kafka_2.13-3.9.1-test.jar", "kafka_2.13-3.9.1.jar"))).contains("3.9.1");
    assertThat(KafkaVersions.versionOfLibs(List.of("kafka_2.11-2.4.1.jar"))).contains("2.4.1");
    assertThat(KafkaVersions.versionOfLibs(List.of("kafka-server-4.4.0.jar", "kafka-clients-4.4.0.jar")))
        .contains("4.4.0");
    assertThat(KafkaVersions.versionOfLibs(List.of("kafka-clients-2.8.2.jar"))).contains("2.8.2");
    assertThat(KafkaVersions.versionOfLibs(List.of("scala-library-2.13.15.jar", "zookeeper-3.8.4.jar")))
        .isEmpty();
  }

  @Test
  void comparesProtocolVersionsByRelease() {
    assertThat(KafkaVersions.compareProtocols("2.4", "3.9")).isNegative();
    assertThat(KafkaVersions.compareProtocols("2.4-IV1", "2.4")).isZero();
    assertThat(KafkaVersions.compareProtocols("3.10", "3.9")).isPositive();
    assertThat(KafkaVersions.compareProtocols(null, "3.9")).isPositive();
    assertThatThrownBy(() -> KafkaVersions.compareProtocols("latest", "3.9"))
        .hasMessageContaining("latest");
  }

  @Test
  void theProtocolIsTheOverrideWhenPinned() {
    assertThat(KafkaVersions.protocolOf(v39, Map.of())).isEqualTo("3.9");
    assertThat(KafkaVersions.protocolOf(v39, Map.of("inter.broker.protocol.version", "2.4")))
        .isEqualTo("2.4");
  }

  @Test
  void upgradesFrom241To391AreAPlanThatPinsTheProtocolAndRaisesItLater() {
    VersionChange upgrade = catalogue.change(v24, "2.4", v39, "3.9");
    assertThat(upgrade.outcome()).isEqualTo(VersionChange.Outcome.ROLLING_UPGRADE);
    assertThat(upgrade.changesSoftware()).isTrue();
    assertThat(upgrade.message()).contains("pinned at 2.4").contains("roll again with 3.9");

    assertThat(catalogue.change(v24, "2.4", v39, "2.4").outcome())
        .as("an operator's own pin may keep the protocol where it is")
        .isEqualTo(VersionChange.Outcome.ROLLING_UPGRADE);
    assertThat(catalogue.change(v24, "2.4", v39, "3.10").message()).contains("up to 3.9");
    assertThat(catalogue.change(v24, "2.4", v39, "2.3").message()).contains("would lower");
  }

  @Test
  void goesBackOnlyWhileTheProtocolWasNeverRaised() {
    assertThat(catalogue.change(v39, "2.4", v24, "2.4").outcome())
        .isEqualTo(VersionChange.Outcome.ROLLBACK);
    VersionChange raised = catalogue.change(v39, "3.9", v24, "2.4");
    assertThat(raised.refused()).isTrue();
    assertThat(raised.message()).contains("inter.broker.protocol.version 3.9")
        .contains("only while the protocol stays at 2.4");
    assertThat(catalogue.change(v39, "2.4", v24, "2.4").changesSoftware()).isTrue();
  }

  @Test
  void kafka4IsReachedFromZooKeeperModeOnlyThroughAKraftMigration() {
    assertThat(catalogue.change(v39, "3.9", v4, null).message())
        .contains("needs a migration from ZooKeeper to KRaft");
    assertThat(v39.upgradeTo(v4)).contains(UpgradeKind.KRAFT_MIGRATION);
    assertThat(v24.upgradeTo(v4)).isEmpty();
    assertThat(v4.upgradeTo(v39)).isEmpty();
    assertThat(catalogue.change(v39, "3.9", v4, null).message())
        .contains("the KRaft cluster then upgrades to 4.4.0");
  }

  @Test
  void aKraftClusterOf391UpgradesTo4KeepingItsMetadataVersionUntilItIsRaised() {
    VersionChange up = catalogue.kraftChange(v39, "3.9-IV0", v4);
    assertThat(up.outcome()).isEqualTo(VersionChange.Outcome.ROLLING_UPGRADE);
    assertThat(up.message()).contains("the controllers, then the brokers roll onto 4.4.0")
        .contains("at metadata.version 3.9-IV0").contains("raised to 4.4-IV2");

    VersionChange back = catalogue.kraftChange(v4, "3.9-IV0", v39);
    assertThat(back.outcome()).as(back.message()).isEqualTo(VersionChange.Outcome.ROLLBACK);
    VersionChange raised = catalogue.kraftChange(v4, "4.4-IV2", v39);
    assertThat(raised.refused()).isTrue();
    assertThat(raised.message()).contains("metadata.version was raised to 4.4-IV2")
        .contains("does not lower a metadata.version");

    assertThat(catalogue.kraftChange(v39, "3.2-IV0", v4).message())
        .contains("needs metadata.version 3.3-IV3 or newer; the cluster runs at 3.2-IV0");
    assertThat(catalogue.kraftChange(v4, "4.4-IV2", v24).message()).contains("runs no KRaft");
    assertThat(catalogue.kraftChange(v4, null, v4).outcome()).isEqualTo(VersionChange.Outcome.SAME);
  }

  @Test
  void aKraftClusterOf4xUpgradesToA4yOfTheCatalogueAndBackBeforeTheRaise() {
    KafkaVersion v44 = new KafkaVersion("4.4.0", "2.13", java.util.Set.of(MetadataMode.KRAFT), null,
        null, "4.4-IV2", BrokerLogging.LOG4J2, 17, false, null,
        Map.of("4.5.0", UpgradeKind.KRAFT_ROLLING), io.kafkamesos.commons.node.QuorumMode.DYNAMIC);
    KafkaVersion v45 = new KafkaVersion("4.5.0", "2.13", java.util.Set.of(MetadataMode.KRAFT), null,
        null, "4.5-IV0", BrokerLogging.LOG4J2, 17, true, null, Map.of(),
        io.kafkamesos.commons.node.QuorumMode.DYNAMIC);
    KafkaVersions later = new KafkaVersions(List.of(v24, v39, v44, v45), "2.4.1");
    assertThat(later.kraftChange(v44, "4.4-IV2", v45).outcome())
        .isEqualTo(VersionChange.Outcome.ROLLING_UPGRADE);
    assertThat(later.kraftChange(v45, "4.4-IV2", v44).outcome())
        .isEqualTo(VersionChange.Outcome.ROLLBACK);
    assertThat(later.kraftChange(v45, "4.5-IV0", v44).refused()).isTrue();
    assertThat(later.kraftChange(v39, "3.9-IV0", v45).message())
        .contains("no way from Kafka 3.9.1 to 4.5.0").contains("3.9.1 -> 4.4.0, 4.4.0 -> 4.5.0");
  }

  @Test
  void metadataVersionsOrderByReleaseThenIv() {
    assertThat(KafkaVersions.compareMetadataVersions("3.3-IV3", "3.9-IV0")).isNegative();
    assertThat(KafkaVersions.compareMetadataVersions("4.4-IV2", "4.4-IV10")).isNegative();
    assertThat(KafkaVersions.compareMetadataVersions("4.4-IV2", "4.4-IV2")).isZero();
    assertThat(KafkaVersions.compareMetadataVersions("4.0-IV0", "3.9-IV0")).isPositive();
  }

  @Test
  void theMessageFormatIsTheOverrideElseTheVersionsOwn() {
    assertThat(KafkaVersions.messageFormatOf(v24, Map.of())).isEqualTo("2.4");
    assertThat(KafkaVersions.messageFormatOf(v39, Map.of("log.message.format.version", "2.4")))
        .isEqualTo("2.4");
    assertThat(KafkaVersions.messageFormatOf(v4, Map.of())).isNull();
  }

  @Test
  void theSameVersionChangesNothing() {
    assertThat(catalogue.change(v39, "3.9", v39, "3.9").outcome())
        .isEqualTo(VersionChange.Outcome.SAME);
  }

  @Test
  void aCatalogueNeedsExactlyOneDefault() {
    assertThatThrownBy(() -> new KafkaVersions(List.of(v24), "2.4.1"))
        .hasMessageContaining("default");
  }
}
