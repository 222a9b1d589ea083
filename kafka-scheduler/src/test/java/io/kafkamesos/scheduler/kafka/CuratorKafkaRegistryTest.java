package io.kafkamesos.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

class CuratorKafkaRegistryTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final String KAFKA_24 = "{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
      + "\"endpoints\":[\"PLAINTEXT://w1.dcos:9092\"],\"jmx_port\":-1,\"host\":\"w1.dcos\","
      + "\"timestamp\":\"1454462821420\",\"port\":9092,\"version\":4}";

  @Test
  void addressComesFromHostAndPortElseTheFirstEndpoint() {
    assertThat(CuratorKafkaRegistry.addressOf(JSON, KAFKA_24)).contains("w1.dcos:9092");
    assertThat(CuratorKafkaRegistry.addressOf(JSON,
        "{\"endpoints\":[\"SSL://w2:9093\"],\"host\":null,\"port\":-1,\"version\":4}")).contains("w2:9093");
    assertThat(CuratorKafkaRegistry.addressOf(JSON, "not json")).isEmpty();
  }

  @Test
  void readsRegistrationsUnderTheClusterChroot() throws Exception {
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework writer = ZooKeeperClients.client(zk.getConnectString(), null);
        CuratorFramework reader = ZooKeeperClients.client(zk.getConnectString() + "/kafka0", null)) {
      writer.start();
      reader.start();
      KafkaRegistry registry = new CuratorKafkaRegistry(reader, JSON);
      assertThat(registry.registrations()).isEmpty();

      writer.create().creatingParentsIfNeeded()
          .forPath("/kafka0/brokers/ids/1", KAFKA_24.getBytes(StandardCharsets.UTF_8));
      writer.create().creatingParentsIfNeeded()
          .forPath("/other/brokers/ids/2", KAFKA_24.getBytes(StandardCharsets.UTF_8));

      assertThat(registry.registrations()).containsOnlyKeys(1);
      assertThat(registry.registration(1)).contains(KAFKA_24);
      assertThat(registry.registration(2)).isEmpty();
    }
  }
}
