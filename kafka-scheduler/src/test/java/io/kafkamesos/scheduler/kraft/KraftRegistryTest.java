package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

class KraftRegistryTest {

  private final ObjectMapper json = new ObjectMapper();
  private final KraftRegistry registry = new KraftRegistry(new KraftAdmin(List::of, List::of, "t"),
      json, id -> id == 1 ? OptionalLong.of(1700000000123L) : OptionalLong.empty());

  @Test
  void aRegistrationHasTheShapeOfKafkasOwnInZooKeeper() throws Exception {
    JsonNode r = json.readTree(registry.registration(new Node(1, "127.0.0.3", 31001, "rack-a")));

    assertThat(r.path("host").asText()).isEqualTo("127.0.0.3");
    assertThat(r.path("port").asInt()).isEqualTo(31001);
    assertThat(r.path("endpoints").get(0).asText()).isEqualTo("PLAINTEXT://127.0.0.3:31001");
    assertThat(r.path("rack").asText()).isEqualTo("rack-a");
    assertThat(r.path("jmx_port").asInt()).isEqualTo(-1);
    assertThat(r.path("timestamp").asText()).isEqualTo("1700000000123");
    assertThat(r.path("version").asInt()).isEqualTo(5);
    assertThat(r.path("features").isObject()).isTrue();
    assertThat(r.path("listener_security_protocol_map").path("PLAINTEXT").asText()).isEqualTo("PLAINTEXT");
    assertThat(registry.address(r.toString())).contains("127.0.0.3:31001");
    assertThat(json.readTree(registry.registration(new Node(2, "h", 1))).has("rack")).isFalse();
  }
}
