package io.kafkamesos.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.AckedProducer;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.KafkaAdmin;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 15, TLS switched on for a running cluster: three plaintext Kafka 3.9.1 ZooKeeper-mode
 * brokers under an {@code acks=all} idempotent producer get {@code TLS_ENABLED=TRUE} with
 * {@code ALLOW_PLAINTEXT=TRUE}; the plan rolls them through {@code add-secure-listeners} and
 * {@code move-inter-broker}; halfway a second producer connects over TLS (trusting
 * {@code GET /v1/tls/ca}) and keeps writing. At every poll {@code /v1/connection} lists only
 * listeners that answer; every broker keeps its PLAINTEXT address; every acknowledged record of
 * both producers is read back; the topic API and {@code producer_test} answer over the
 * scheduler's certificate. Then {@code ALLOW_PLAINTEXT=FALSE}: PLAINTEXT is removed by a roll
 * that waits for {@code plan continue}, under a producer over TLS.
 *
 * <p>The run that found the port bug: a broker relaunched with its 3 ports got 11600-11602 instead
 * of its recorded 11602 as PLAINTEXT, so 11602 became its INTERNAL (TLS) port while the others
 * still used it as the controller's PLAINTEXT address; their plaintext to-controller clients ran
 * out of heap, two brokers exited at once and acknowledged records were lost. The PLAINTEXT
 * addresses kept and every record read back are the checks of that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSwitchOnIT {
  private static final String NAME = "tlsswitch";
  private static final String TOPIC = "switched";

  private final long started = System.nanoTime();
  private LocalCluster cluster;
  private SchedulerProcess scheduler;
  private String api;

  @BeforeAll
  void install() throws Exception {
    cluster = LocalCluster.start(3);
    scheduler = cluster.startScheduler(new HashMap<>(Map.of("FRAMEWORK_NAME", NAME,
        "BROKER_COUNT", "3", "BROKER_HEAP_MB", "256", "KAFKA_VERSION", "3.9.1",
        "KAFKA_METADATA_MODE", "zookeeper")));
    scheduler.awaitApi(Duration.ofMinutes(2));
    api = scheduler.apiUrl();
    Poll.untilTrue("three plaintext brokers registered", LocalCluster.BROKERS_UP,
        () -> Json.get(api + "/v1/connection").body().path("brokers").size() == 3);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.keepAppLogs(Path.of("target", "tls-switch-on-it-logs"));
        if (scheduler != null) {
          Files.copy(scheduler.log(), Path.of("target", "tls-switch-on-it-scheduler.log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        cluster.close();
      }
    } finally {
      System.out.printf("[TlsSwitchOnIT] 3 plaintext brokers of Kafka 3.9.1 switched to TLS: %.1f s%n",
          (System.nanoTime() - started) / 1e9);
    }
  }

  @Test
  void tlsIsSwitchedOnUnderTwoProducersWithoutAnOutage() throws Exception {
    List<String> plaintextAddresses = texts(Json.get(api + "/v1/connection").body().path("brokers"));
    String plaintext = String.join(",", plaintextAddresses);
    try (AdminClient admin = AdminClient.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintext))) {
      KafkaAdmin.create(admin, new NewTopic(TOPIC, 3, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")));
    }
    List<String> unusable = new ArrayList<>();
    AckedProducer overTls = null;
    Map<String, Object> tls = null;
    String secure = null;
    try (AckedProducer overPlaintext = AckedProducer.start(plaintext, TOPIC, 200)) {
      Poll.untilTrue("records acknowledged before the switch", Duration.ofMinutes(1),
          () -> overPlaintext.acknowledged() > 100);

      scheduler.restartWith(Map.of("TLS_ENABLED", "TRUE", "ALLOW_PLAINTEXT", "TRUE",
          "ZK_SECRET", "kafka-scheduler:switch-on-it"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode done = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
      while (done == null) {
        assertThat(System.nanoTime()).as("the switch's plan complete within 20 minutes (log: %s)",
            scheduler.log()).isLessThan(deadline);
        JsonNode connection = Json.get(api + "/v1/connection").body();
        usable(connection).ifPresent(unusable::add);
        if (overTls == null && connection.path("listeners").path("SSL").size() == 3) {
          // halfway: every broker has its CLIENT listener, a client moves to TLS
          secure = String.join(",", texts(connection.path("listeners").path("SSL")));
          tls = Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM",
              "ssl.truststore.certificates", Json.text(api + "/v1/tls/ca"));
          overTls = AckedProducer.start(secure, TOPIC, 200, tls);
        }
        done = completePlan("2").orElse(null);
        if (done == null) {
          Thread.sleep(1000);
        }
      }
      assertThat(unusable).as("polls at which /v1/connection listed a listener that did not answer")
          .isEmpty();
      assertThat(done.path("phases")).extracting(p -> p.path("name").asText())
          .containsExactly("launch", "add-secure-listeners", "move-inter-broker");
      assertThat(overTls).as("a producer over TLS started halfway").isNotNull();
      JsonNode connection = Json.get(api + "/v1/connection").body();
      assertThat(texts(connection.path("listeners").path("PLAINTEXT")))
          .as("every broker keeps its PLAINTEXT address").containsExactlyInAnyOrderElementsOf(
              plaintextAddresses);
      assertThat(texts(connection.path("brokers")))
          .containsExactlyInAnyOrderElementsOf(texts(connection.path("listeners").path("SSL")));

      AckedProducer second = overTls;
      long tlsBefore = second.acknowledged() + 200;
      long plainBefore = overPlaintext.acknowledged() + 200;
      Poll.untilTrue("both producers keep going after the switch", Duration.ofMinutes(2),
          () -> second.acknowledged() > tlsBefore && overPlaintext.acknowledged() > plainBefore);
      overPlaintext.stop();
      second.stop();
      assertThat(overPlaintext.errors()).as("send errors over PLAINTEXT").isEmpty();
      assertThat(second.errors()).as("send errors over TLS").isEmpty();
      overPlaintext.assertEveryAcknowledgedRecordIsConsumedInOrder(plaintext);
      second.assertEveryAcknowledgedRecordIsConsumedInOrder(secure, tls);
    } finally {
      if (overTls != null) {
        overTls.close();
      }
    }

    removePlaintextOnTheOperatorsWord(plaintextAddresses, secure, tls);

    // the scheduler's own clients moved to INTERNAL with its certificate
    assertThat(texts(Json.get(api + "/v1/topics").body())).contains(TOPIC);
    Json.Answer produced = Poll.until("producer_test over the scheduler's certificate",
        Duration.ofMinutes(2), () -> {
          Json.Answer a = Json.put(api + "/v1/topics/" + TOPIC + "?operation=producer-test&messages=50");
          return a.status() == 503 ? Optional.empty() : Optional.of(a);
        });
    assertThat(produced.status()).as(String.valueOf(produced.body())).isEqualTo(200);
    assertThat(produced.body().path("exit_code").asInt()).as(produced.body().toString()).isZero();
  }

  /**
   * {@code ALLOW_PLAINTEXT=FALSE} on the switched cluster: the plan's {@code remove-plaintext} roll
   * waits at its gate (PLAINTEXT still answers) until {@code plan continue}, then rolls the brokers
   * one at a time onto their TLS listeners only, under a producer over TLS that loses nothing; the
   * PLAINTEXT addresses no longer answer, and {@code /v1/connection} never lists one that does not.
   */
  private void removePlaintextOnTheOperatorsWord(List<String> plaintextAddresses, String secure,
      Map<String, Object> tls) throws Exception {
    try (AckedProducer overTls = AckedProducer.start(secure, TOPIC, 200, tls)) {
      Poll.untilTrue("records acknowledged over TLS before PLAINTEXT goes", Duration.ofMinutes(1),
          () -> overTls.acknowledged() > 100);
      scheduler.restartWith(Map.of("ALLOW_PLAINTEXT", "FALSE"));
      scheduler.awaitApi(Duration.ofMinutes(2));
      JsonNode waiting = Poll.until("remove-plaintext waiting for the operator", Duration.ofMinutes(2), () -> {
        JsonNode plan = Json.get(api + "/v1/plan").body();
        return plan != null && "3".equals(plan.path("target").path("id").asText())
            && phaseStatus(plan, "remove-plaintext-gate").equals("WAITING") ? Optional.of(plan) : Optional.empty();
      });
      assertThat(phaseStatus(waiting, "remove-plaintext")).as(waiting.toString()).isNotEqualTo("COMPLETE");
      assertThat(plaintextAddresses.stream().allMatch(TlsSwitchOnIT::answers))
          .as("PLAINTEXT answers until the operator says so").isTrue();

      Json.Answer continued = Json.put(api + "/v1/plan/continue");
      assertThat(continued.status()).as(String.valueOf(continued.body())).isEqualTo(200);
      List<String> unusable = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
      JsonNode done = null;
      while (done == null) {
        assertThat(System.nanoTime()).as("remove-plaintext complete within 15 minutes (log: %s)",
            scheduler.log()).isLessThan(deadline);
        usable(Json.get(api + "/v1/connection").body()).ifPresent(unusable::add);
        done = completePlan("3").orElse(null);
        if (done == null) {
          Thread.sleep(1000);
        }
      }
      assertThat(unusable).as("polls at which /v1/connection listed a listener that did not answer")
          .isEmpty();
      assertThat(phaseStatus(done, "remove-plaintext")).isEqualTo("COMPLETE");
      JsonNode connection = Json.get(api + "/v1/connection").body();
      assertThat(connection.path("listeners").has("PLAINTEXT")).as(connection.toString()).isFalse();
      assertThat(texts(connection.path("brokers"))).hasSize(3)
          .containsExactlyInAnyOrderElementsOf(texts(connection.path("listeners").path("SSL")));
      assertThat(plaintextAddresses).as("no PLAINTEXT address answers any more")
          .noneMatch(TlsSwitchOnIT::answers);

      long before = overTls.acknowledged() + 200;
      Poll.untilTrue("the TLS producer keeps going after PLAINTEXT is gone", Duration.ofMinutes(2),
          () -> overTls.acknowledged() > before);
      overTls.stop();
      assertThat(overTls.errors()).as("send errors over TLS while PLAINTEXT was removed").isEmpty();
      overTls.assertEveryAcknowledgedRecordIsConsumedInOrder(
          String.join(",", texts(connection.path("brokers"))), tls);
    }
  }

  /** {@code /v1/plan} once the plan of target {@code targetId} is COMPLETE, else empty. */
  private Optional<JsonNode> completePlan(String targetId) {
    JsonNode plan = Json.get(api + "/v1/plan").body();
    return plan != null && targetId.equals(plan.path("target").path("id").asText())
        && "COMPLETE".equals(plan.path("status").asText()) ? Optional.of(plan) : Optional.empty();
  }

  private static String phaseStatus(JsonNode plan, String phase) {
    for (JsonNode p : plan.path("phases")) {
      if (phase.equals(p.path("name").asText())) {
        return p.path("status").asText();
      }
    }
    return "";
  }

  /**
   * Why a client could not use what {@code /v1/connection} lists, or empty: no broker listed, or a
   * listed listener none of whose addresses accepts a connection.
   */
  private static Optional<String> usable(JsonNode connection) {
    if (connection == null || connection.path("brokers").isEmpty()) {
      return Optional.of("no brokers: " + connection);
    }
    Map<String, List<String>> groups = new HashMap<>();
    groups.put("brokers", texts(connection.path("brokers")));
    connection.path("listeners").fields().forEachRemaining(e -> groups.put(e.getKey(), texts(e.getValue())));
    for (var group : groups.entrySet()) {
      if (group.getValue().stream().noneMatch(TlsSwitchOnIT::answers)) {
        return Optional.of(group.getKey() + " " + group.getValue() + " does not answer: " + connection);
      }
    }
    return Optional.empty();
  }

  private static boolean answers(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.substring(0, colon),
          Integer.parseInt(address.substring(colon + 1))), 3000);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
