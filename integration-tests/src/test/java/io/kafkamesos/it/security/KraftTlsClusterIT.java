package io.kafkamesos.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issues 14 and 15: {@link TlsClusterIT}'s checks on a KRaft cluster of Kafka 4.4.0 (one
 * controller, three brokers) installed with {@code TLS_ENABLED}, {@code SCRAM-SHA-512} and
 * {@code AUTHORIZATION_ENABLED}: the controller's quorum listener is SSL with client certificates,
 * every node runs the {@code StandardAuthorizer}, the executor's health probes and the scheduler's
 * admin clients (brokers and controllers) connect with their certificates. Besides the inherited
 * checks: {@code /v1/connection} names the controller instead of ZooKeeper, the scheduler's view of
 * the quorum ({@code /v1/controllers}, over the controller listener) has its leader, and a
 * PLAINTEXT client of the controller is refused.
 */
class KraftTlsClusterIT extends TlsClusterIT {

  @Override
  String name() {
    return "ktls0";
  }

  @Override
  Map<String, String> kafka() {
    return Map.of("KAFKA_VERSION", "4.4.0", "CONTROLLER_COUNT", "1", "CONTROLLER_HEAP_MB", "128",
        "CONTROLLER_MEM", "384", "CONTROLLER_CPUS", "0.3");
  }

  @Override
  String describe() {
    return "1 controller + 3 brokers of Kafka 4.4.0 (KRaft) with TLS, SCRAM and ACLs";
  }

  @Override
  void checkMetadata(JsonNode connection) {
    assertThat(connection.has("zookeeper") && !connection.get("zookeeper").isNull())
        .as(connection.toString()).isFalse();
    assertThat(connection.path("controllers").size()).as(connection.toString()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void theSchedulerSeesTheQuorumOverTlsAndAPlaintextClientOfTheControllerIsRefused() {
    JsonNode quorum = Poll.until("the quorum's leader in GET /v1/controllers", LocalCluster.BROKERS_UP,
        () -> {
          JsonNode q = Json.get(api + "/v1/controllers").body();
          return q != null && q.hasNonNull("leader") ? Optional.of(q) : Optional.empty();
        });
    assertThat(quorum.path("controllers").findValuesAsText("role")).as(quorum.toString())
        .containsExactly("leader");

    String controller = texts(Json.get(api + "/v1/connection").body().path("controllers")).get(0);
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (AdminClient plaintext = AdminClient.create(p)) {
      assertThatThrownBy(() -> plaintext.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS))
          .as("a PLAINTEXT client on the controller's SSL listener").isInstanceOf(ExecutionException.class);
    }
  }
}
