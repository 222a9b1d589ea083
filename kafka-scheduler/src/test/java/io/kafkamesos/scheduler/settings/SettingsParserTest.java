package io.kafkamesos.scheduler.settings;

import io.kafkamesos.commons.kafka.KafkaVersions;
import static io.kafkamesos.scheduler.Fixtures.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsParserTest {

  @Test
  void defaultsWhenOnlyTheArtifactsAreGiven() {
    SchedulerSettings s = SettingsParser.parse(env());
    assertThat(s.frameworkName()).isEqualTo("kafka0");
    assertThat(s.brokerCount()).isEqualTo(3);
    assertThat(s.persistentVolumes()).isFalse();
    assertThat(s.placement()).isEqualTo(PlacementStrategy.ANY);
    assertThat(s.broker()).isEqualTo(new SchedulerSettings.BrokerResources(1.0, 512, 256, 1000));
    assertThat(s.mesosMaster()).isEqualTo("http://127.0.0.1:5050");
    assertThat(s.zookeeperConnect()).isEqualTo("127.0.0.1:2181");
    assertThat(s.kafkaZookeeperConnect()).isEqualTo("127.0.0.1:2181");
    assertThat(s.kafkaZookeeperChroot()).isEqualTo("127.0.0.1:2181/kafka0");
    assertThat(s.role()).isEqualTo("kafka0-role");
    assertThat(s.principal()).isEqualTo("kafka0-principal");
    assertThat(s.failoverTimeout()).isEqualTo(Duration.ofDays(7));
    assertThat(s.javaCommand()).isEqualTo("java");
    assertThat(s.webUiUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(s.overrides()).isEmpty();
  }

  @Test
  void readsEveryVariable() {
    SchedulerSettings s = SettingsParser.parse(env(
        "FRAMEWORK_NAME", "sample-kafka", "BROKER_COUNT", "10", "BROKER_PV", "true",
        "PLACEMENT_STRATEGY", "node", "BROKER_CPUS", "0.5", "BROKER_MEM", "1024",
        "BROKER_HEAP_MB", "512", "BROKER_DISK", "5000", "MESOS_MASTER", "master.mesos:5050",
        "ZK_CONNECT", "zk1:2181,zk2:2181", "KAFKA_ZK_CONNECT", "kzk:2181/kafka",
        "FRAMEWORK_ROLE", "kafka", "FRAMEWORK_PRINCIPAL", "kafka-p", "FAILOVER_TIMEOUT_SECONDS", "60",
        "HOST", "scheduler.example", "PORT0", "31005", "EXECUTOR_JAVA", "/opt/jre/bin/java"));
    assertThat(s.frameworkName()).isEqualTo("sample-kafka");
    assertThat(s.brokerCount()).isEqualTo(10);
    assertThat(s.persistentVolumes()).isTrue();
    assertThat(s.placement()).isEqualTo(PlacementStrategy.NODE);
    assertThat(s.broker()).isEqualTo(new SchedulerSettings.BrokerResources(0.5, 1024, 512, 5000));
    assertThat(s.mesosMaster()).isEqualTo("http://master.mesos:5050");
    assertThat(s.zookeeperConnect()).isEqualTo("zk1:2181,zk2:2181");
    assertThat(s.kafkaZookeeperChroot()).isEqualTo("kzk:2181/kafka/sample-kafka");
    assertThat(s.role()).isEqualTo("kafka");
    assertThat(s.principal()).isEqualTo("kafka-p");
    assertThat(s.failoverTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.webUiUrl()).isEqualTo("http://scheduler.example:31005");
    assertThat(s.javaCommand()).isEqualTo("/opt/jre/bin/java");
  }

  @Test
  void apiTlsMakesTheWebUiUrlHttps() {
    SchedulerSettings s = SettingsParser.parse(env("HOST", "scheduler.example", "PORT0", "31005",
        "API_TLS", "true"));

    assertThat(s.apiTls()).isTrue();
    assertThat(s.webUiUrl()).isEqualTo("https://scheduler.example:31005");
    assertThatThrownBy(() -> SettingsParser.parse(env("API_TLS", "yes")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("API_TLS");
  }

  @Test
  void overridesBecomeBrokerProperties() {
    SchedulerSettings s = SettingsParser.parse(env(
        "KAFKA_OVERRIDE_NUM_PARTITIONS", "6", "KAFKA_OVERRIDE_LOG_RETENTION_HOURS", " 24 "));
    assertThat(s.overrides()).isEqualTo(Map.of("num.partitions", "6", "log.retention.hours", "24"));
  }

  @Test
  void readsEveryFormOfMesosMaster() {
    assertThat(SettingsParser.parse(env("MESOS_MASTER", "zk://zk1:2181,zk2:2181/mesos")).mesosMaster())
        .isEqualTo("zk://zk1:2181,zk2:2181/mesos");
    assertThat(SettingsParser.parse(env("MESOS_MASTER", "m1:5050, https://m2:5050/")).mesosMaster())
        .isEqualTo("http://m1:5050,https://m2:5050");
  }

  @Test
  void aRefusedMesosMasterWithCredentialsIsNotEchoed() {
    assertThatThrownBy(() -> SettingsParser.parse(env("MESOS_MASTER", "zk://user:hunter2@zk1/mesos")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("Invalid MESOS_MASTER: ")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void blankValuesTakeTheDefault() {
    assertThat(SettingsParser.parse(env("BROKER_COUNT", " ")).brokerCount()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BROKER_COUNT|0|Invalid BROKER_COUNT='0': must be an integer from 1 to 1000",
      "BROKER_COUNT|three|Invalid BROKER_COUNT='three': must be an integer from 1 to 1000",
      "BROKER_PV|yes|Invalid BROKER_PV='yes': must be TRUE or FALSE",
      "PLACEMENT_STRATEGY|RACK|Invalid PLACEMENT_STRATEGY='RACK': must be ANY or NODE",
      "FRAMEWORK_NAME|kafka/0|Invalid FRAMEWORK_NAME='kafka/0': must be 1 to 63 letters",
      "BROKER_CPUS|-1|Invalid BROKER_CPUS='-1': must be a number from",
      "BROKER_HEAP_MB|600|Invalid BROKER_HEAP_MB=600: the heap must be smaller than BROKER_MEM",
      "MESOS_MASTER|zk://master:2181|Invalid MESOS_MASTER='zk://master:2181': zk:// needs the masters' path",
      "MESOS_MASTER|ftp://master:5050|Invalid MESOS_MASTER='ftp://master:5050': 'ftp://master:5050': scheme ftp is not http, https or zk",
      "ZK_CONNECT|localhost|Invalid ZK_CONNECT='localhost': must be host:port",
      "PORT0|70000|Invalid PORT0='70000': must be an integer from 1 to 65535",
      "KAFKA_OVERRIDE_BROKER_ID|7|Invalid KAFKA_OVERRIDE_BROKER_ID: broker.id is set by the scheduler",
      "KAFKA_OVERRIDE_num_partitions|7|Invalid KAFKA_OVERRIDE_num_partitions: the name after KAFKA_OVERRIDE_ must be upper-case",
      "KAFKA_OVERRIDE_LOG_CLEANER_ENABLE|' '|Invalid KAFKA_OVERRIDE_LOG_CLEANER_ENABLE: empty value",
  })
  void refusesABadValueInOneLineNamingTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> SettingsParser.parse(env(variable, value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining("\n")
        .satisfies(e -> assertThat(((InvalidSettingException) e).variable()).isEqualTo(variable));
  }

  @Test
  void requiresAKafkaArchive() {
    Map<String, String> env = env();
    env.remove("KAFKA_URI");
    env.remove("KAFKA_VERSION");
    assertThatThrownBy(() -> SettingsParser.parse(env))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("Missing KAFKA_DIST_URI_4_4_0 or KAFKA_URI: set KAFKA_DIST_URI_4_4_0");
  }

  private static void assertRefused(Map<String, String> env, String variable, String message) {
    assertThatThrownBy(() -> SettingsParser.parse(env))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(((InvalidSettingException) e).variable()).isEqualTo(variable));
  }

  /** The package's environment: every version's stock archive, no KAFKA_URI. */
  private static Map<String, String> packageEnv(String... keyValues) {
    Map<String, String> env = env();
    env.remove("KAFKA_URI");
    env.remove("KAFKA_VERSION"); // only what the test names
    env.put("KAFKA_DIST_URI_2_4_1", "http://repo/kafka_2.11-2.4.1.tgz");
    env.put("KAFKA_DIST_URI_3_9_1", "http://repo/kafka_2.13-3.9.1.tgz");
    env.put("KAFKA_DIST_URI_4_4_0", "http://repo/kafka_2.13-4.4.0.tgz");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  @Test
  void anEnvironmentWithoutTheDefaultsArchiveGetsTheNewestItHasAnArchiveOf() {
    Map<String, String> env = packageEnv();
    env.remove("KAFKA_DIST_URI_4_4_0"); // rendered by a package from before 4.4.0 was the default
    SchedulerSettings s = SettingsParser.parse(env);
    assertThat(s.kafka().version().version()).isEqualTo("3.9.1");
    assertThat(s.isKraft()).isFalse();
    assertThat(s.kafka().versionRequested()).isFalse();
  }

  @Test
  void kafkaVersionPicksItsStockArchive() {
    SchedulerSettings s = SettingsParser.parse(packageEnv("KAFKA_VERSION", "2.4.1"));
    assertThat(s.kafka().version().version()).isEqualTo("2.4.1");
    assertThat(s.kafka().uri()).isEqualTo("http://repo/kafka_2.11-2.4.1.tgz");
    assertThat(s.kafka().versionRequested()).isTrue();
    assertThat(s.kafka().java()).isEmpty();
  }

  @Test
  void withoutKafkaVersionANewClusterGetsTheDefault() {
    SchedulerSettings s = SettingsParser.parse(packageEnv());
    assertThat(s.kafka().version().version()).isEqualTo("4.4.0");
    assertThat(s.isKraft()).isTrue();
    assertThat(s.kraft().controllers()).isEqualTo(3);
    assertThat(s.kafka().uri()).isEqualTo("http://repo/kafka_2.13-4.4.0.tgz");
    assertThat(s.kafka().versionRequested()).isFalse();
    // the archive of any other version stays at hand, for a stored target's version
    assertThat(s.kafka().withVersion(KafkaVersions.standard().legacy()).uri())
        .isEqualTo("http://repo/kafka_2.11-2.4.1.tgz");
  }

  @Test
  void kafkaUriIsAUsersOwnArchiveOfTheVersion() {
    SchedulerSettings s = SettingsParser.parse(packageEnv("KAFKA_VERSION", "2.4.1",
        "KAFKA_URI", "hdfs://mine/kafka_2.11-2.4.1.tgz", "JAVA_URI", "http://repo/jre.tgz"));
    assertThat(s.kafka().uri()).isEqualTo("hdfs://mine/kafka_2.11-2.4.1.tgz");
    assertThat(s.kafka().java()).contains("http://repo/jre.tgz");
  }

  @Test
  void refusesUnknownAndUnsupportedVersionsNamingTheChoices() {
    assertRefused(packageEnv("KAFKA_VERSION", "3.8.0"), "KAFKA_VERSION",
        "Invalid KAFKA_VERSION='3.8.0': must be one of 2.4.1, 3.9.1, 4.4.0");
    assertRefused(packageEnv("KAFKA_DIST_URI_3_8_0", "http://x"), "KAFKA_DIST_URI_3_8_0",
        "Invalid KAFKA_DIST_URI_3_8_0: it names no Kafka version of the catalogue");
  }

  @Test
  void kafka4MakesAKraftClusterWithThreeSmallControllers() {
    SchedulerSettings s = SettingsParser.parse(packageEnv("KAFKA_VERSION", "4.4.0"));
    assertThat(s.isKraft()).isTrue();
    assertThat(s.kraft().controllers()).isEqualTo(3);
    assertThat(s.kraft().controller())
        .isEqualTo(new SchedulerSettings.BrokerResources(0.5, 512, 256, 500));
    assertThat(s.kraft().modeRequested()).isFalse();
    // a controller keeps its metadata log on a volume whatever BROKER_PV says
    assertThat(s.persistentVolumes()).isFalse();
    assertThat(s.persistentVolumesOf(io.kafkamesos.commons.node.NodeKind.CONTROLLER)).isTrue();
    assertThat(s.persistentVolumesOf(io.kafkamesos.commons.node.NodeKind.BROKER)).isFalse();
    assertThat(s.resourcesOf(io.kafkamesos.commons.node.NodeKind.CONTROLLER).heapMb()).isEqualTo(256);
    assertThat(s.controllerConfigId()).isNotEmpty().isNotEqualTo(s.brokerConfigId());
  }

  @Test
  void readsTheControllersOptions() {
    SchedulerSettings s = SettingsParser.parse(packageEnv("KAFKA_VERSION", "4.4.0",
        "CONTROLLER_COUNT", "1", "CONTROLLER_CPUS", "0.2", "CONTROLLER_MEM", "384",
        "CONTROLLER_HEAP_MB", "128", "CONTROLLER_DISK", "200"));
    assertThat(s.kraft().controllers()).isEqualTo(1);
    assertThat(s.kraft().controller())
        .isEqualTo(new SchedulerSettings.BrokerResources(0.2, 384, 128, 200));
  }

  @Test
  void kafka391RunsKraftOnlyWhenAskedAtInstall() {
    assertThat(SettingsParser.parse(packageEnv("KAFKA_VERSION", "3.9.1")).isKraft()).isFalse();
    SchedulerSettings kraft = SettingsParser.parse(packageEnv("KAFKA_VERSION", "3.9.1",
        "KAFKA_METADATA_MODE", "kraft"));
    assertThat(kraft.isKraft()).isTrue();
    assertThat(kraft.kraft().modeRequested()).isTrue();
    assertThat(kraft.kafka().version().quorum()).isEqualTo(io.kafkamesos.commons.node.QuorumMode.STATIC);
    // in ZooKeeper mode there are no controllers of ours, whatever CONTROLLER_COUNT says
    assertThat(SettingsParser.parse(packageEnv("KAFKA_VERSION", "3.9.1", "CONTROLLER_COUNT", "5"))
        .kraft().controllers()).isZero();
  }

  @Test
  void refusesQuorumsThatCannotBe() {
    assertRefused(packageEnv("KAFKA_VERSION", "4.4.0", "CONTROLLER_COUNT", "2"), "CONTROLLER_COUNT",
        "Invalid CONTROLLER_COUNT=2: must be odd (1, 3, 5, ...): a quorum of 2 controllers needs 2 of"
            + " them up");
    assertRefused(packageEnv("KAFKA_VERSION", "4.4.0", "CONTROLLER_COUNT", "0"), "CONTROLLER_COUNT",
        "Invalid CONTROLLER_COUNT='0': must be an integer from 1 to 9");
    assertRefused(packageEnv("KAFKA_VERSION", "2.4.1", "KAFKA_METADATA_MODE", "KRAFT"),
        "KAFKA_METADATA_MODE", "Invalid KAFKA_METADATA_MODE='KRAFT': Kafka 2.4.1 runs in ZooKeeper"
            + " mode only; KRaft needs Kafka 3.9.1 or newer");
    assertRefused(packageEnv("KAFKA_VERSION", "4.4.0", "KAFKA_METADATA_MODE", "ZOOKEEPER"),
        "KAFKA_METADATA_MODE", "Invalid KAFKA_METADATA_MODE='ZOOKEEPER': Kafka 4.4.0 runs in KRaft"
            + " mode only");
    assertRefused(packageEnv("KAFKA_METADATA_MODE", "etcd"), "KAFKA_METADATA_MODE",
        "Invalid KAFKA_METADATA_MODE='etcd': must be ZOOKEEPER or KRAFT");
    assertRefused(packageEnv("KAFKA_VERSION", "4.4.0", "CONTROLLER_HEAP_MB", "512"),
        "CONTROLLER_HEAP_MB", "Invalid CONTROLLER_HEAP_MB=512: the heap must be smaller than"
            + " CONTROLLER_MEM (512 MB)");
    assertRefused(packageEnv("KAFKA_VERSION", "4.4.0", "KAFKA_OVERRIDE_PROCESS_ROLES", "broker"),
        "KAFKA_OVERRIDE_PROCESS_ROLES", "Invalid KAFKA_OVERRIDE_PROCESS_ROLES: process.roles is set by"
            + " the scheduler");
  }

  @Test
  void refusesAVersionWithoutArchive() {
    Map<String, String> env = packageEnv("KAFKA_VERSION", "2.4.1");
    env.remove("KAFKA_DIST_URI_2_4_1");
    assertRefused(env, "KAFKA_DIST_URI_2_4_1", "Missing KAFKA_DIST_URI_2_4_1: the cluster runs Kafka 2.4.1");
  }

  @Test
  void refusesAProtocolPinThatIsNoVersion() {
    assertRefused(env("KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "newest"),
        "KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION",
        "Invalid KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION='newest'");
    assertThat(SettingsParser.parse(env("KAFKA_OVERRIDE_INTER_BROKER_PROTOCOL_VERSION", "2.4-IV1"))
        .overrides()).containsEntry("inter.broker.protocol.version", "2.4-IV1");
  }

  @Test
  void theVersionCountsInTheConfigIdOnlyWhenItIsNot241() {
    String legacy = SettingsParser.parse(env("KAFKA_VERSION", "2.4.1")).brokerConfigId();
    String v39 = SettingsParser.parse(env("KAFKA_VERSION", "3.9.1")).brokerConfigId();
    assertThat(v39).isNotEqualTo(legacy);
    assertThat(SettingsParser.parse(env("KAFKA_VERSION", "2.4.1", "JAVA_URI", "file:///jre.tgz"))
        .brokerConfigId()).isNotEqualTo(legacy);
  }

  @Test
  void configIdChangesWithWhatBrokersRunWith() {
    String base = SettingsParser.parse(env()).brokerConfigId();
    assertThat(SettingsParser.parse(env()).brokerConfigId()).isEqualTo(base);
    assertThat(SettingsParser.parse(env("BROKER_HEAP_MB", "300")).brokerConfigId()).isNotEqualTo(base);
    assertThat(SettingsParser.parse(env("KAFKA_OVERRIDE_NUM_PARTITIONS", "2")).brokerConfigId())
        .isNotEqualTo(base);
    assertThat(SettingsParser.parse(env("BROKER_COUNT", "5")).brokerConfigId()).isEqualTo(base);
  }
}
