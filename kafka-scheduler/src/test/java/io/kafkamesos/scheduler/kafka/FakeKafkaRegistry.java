package io.kafkamesos.scheduler.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Registrations held in memory, as Kafka would write them. */
public final class FakeKafkaRegistry implements KafkaRegistry {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  public final ConcurrentSkipListMap<Integer, String> registrations = new ConcurrentSkipListMap<>();

  public volatile int underReplicated;

  public void register(int id, String host, int port) {
    registrations.put(id, "{\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
        + "\"endpoints\":[\"PLAINTEXT://" + host + ":" + port + "\"],\"jmx_port\":-1,\"host\":\"" + host
        + "\",\"timestamp\":\"1453854226816\",\"port\":" + port + ",\"version\":4}");
  }

  @Override
  public SortedMap<Integer, String> registrations() {
    return new java.util.TreeMap<>(registrations);
  }

  @Override
  public Optional<String> registration(int brokerId) {
    return Optional.ofNullable(registrations.get(brokerId));
  }

  @Override
  public int underReplicatedPartitions() {
    return underReplicated;
  }

  @Override
  public Optional<String> address(String registrationJson) {
    try {
      var node = JSON.readTree(registrationJson);
      return Optional.of(node.get("host").asText() + ":" + node.get("port").asInt());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
