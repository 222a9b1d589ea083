package io.kafkamesos.scheduler.kraft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;

/**
 * What the controllers of a KRaft cluster know of its brokers, in the shapes the API has always
 * answered: each registered broker (unfenced: up, as the controller sees it) with its registration
 * as a JSON object laid out like the ZooKeeper registration of Kafka 3.x ({@code endpoints},
 * {@code host}, {@code port}, {@code listener_security_protocol_map}, {@code rack} when set,
 * {@code features}, {@code jmx_port}, {@code timestamp}, {@code version}), through the admin
 * client's {@code describeCluster} on the brokers (their copy of the controller's metadata).
 *
 * <p>Three fields have no KRaft origin: {@code jmx_port} is -1 (what Kafka writes without a JMX
 * port; the executor's JMX agent listens on loopback only), {@code timestamp} is when the scheduler
 * saw the broker's task reported running (just after it registered), and {@code version} is 5,
 * the registration format whose fields the object carries.
 */
public final class KraftRegistry implements KafkaRegistry {

  /** The ZooKeeper registration format the objects follow (Kafka 3.x's). */
  static final int REGISTRATION_VERSION = 5;

  private final KraftAdmin admin;
  private final ObjectMapper json;
  private final IntFunction<OptionalLong> registeredSince;
  private final BrokerListeners listeners;

  /**
   * @param registeredSince when the scheduler saw each broker's task running (epoch millis)
   */
  public KraftRegistry(KraftAdmin admin, ObjectMapper json, IntFunction<OptionalLong> registeredSince) {
    this(admin, json, registeredSince, BrokerListeners.PLAINTEXT);
  }

  /**
   * @param listeners the brokers' listeners: the admin client connects through
   *     {@link BrokerListeners#admin}, the registration lists them all (issue 15)
   */
  public KraftRegistry(KraftAdmin admin, ObjectMapper json, IntFunction<OptionalLong> registeredSince,
      BrokerListeners listeners) {
    this.admin = Objects.requireNonNull(admin);
    this.json = Objects.requireNonNull(json);
    this.registeredSince = Objects.requireNonNull(registeredSince);
    this.listeners = Objects.requireNonNull(listeners);
  }

  @Override
  public SortedMap<Integer, String> registrations() {
    if (admin.brokerEndpoints().isEmpty()) {
      return new TreeMap<>(); // no broker runs yet: none is registered (the seed's empty list)
    }
    Collection<Node> nodes = KraftAdmin.await(admin.brokers().describeCluster().nodes(),
        "cannot read the registered brokers from Kafka");
    SortedMap<Integer, String> result = new TreeMap<>();
    for (Node node : nodes) {
      result.put(node.id(), registration(node));
    }
    return result;
  }

  @Override
  public Optional<String> registration(int brokerId) {
    return Optional.ofNullable(registrations().get(brokerId));
  }

  @Override
  public int underReplicatedPartitions() {
    var admin = this.admin.brokers();
    var names = KraftAdmin.await(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
        .listInternal(true)).names(), "cannot list Kafka's topics");
    if (names.isEmpty()) {
      return 0;
    }
    Map<String, TopicDescription> topics = KraftAdmin.await(admin.describeTopics(names)
        .allTopicNames(), "cannot read Kafka's partition states");
    int count = 0;
    for (TopicDescription topic : topics.values()) {
      count += (int) topic.partitions().stream()
          .filter(p -> p.isr().size() < p.replicas().size()).count();
    }
    return count;
  }

  @Override
  public Optional<String> address(String registrationJson) {
    try {
      JsonNode node = json.readTree(registrationJson);
      if (node.hasNonNull("host") && node.path("port").asInt(-1) > 0) {
        return Optional.of(node.get("host").asText() + ":" + node.get("port").asInt());
      }
      return Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A broker's registration in the API's shape, from the node as the admin client saw it (on the
   * scheduler's listener): {@code host} and {@code port} are the broker's first listener's (the
   * client listener with TLS), as the scheduler records it.
   */
  String registration(Node node) {
    ObjectNode out = json.createObjectNode();
    ObjectNode protocols = out.putObject("listener_security_protocol_map");
    listeners.protocolMap().forEach(protocols::put);
    var endpoints = out.putArray("endpoints");
    listeners.endpoints(node.host(), node.port()).forEach(endpoints::add);
    if (node.hasRack()) {
      out.put("rack", node.rack());
    }
    out.put("jmx_port", -1);
    out.putObject("features");
    out.put("host", node.host());
    OptionalLong since = registeredSince.apply(node.id());
    out.put("timestamp", Long.toString(since.orElse(0L)));
    out.put("port", listeners.firstPort(node.port()));
    out.put("version", REGISTRATION_VERSION);
    return out.toString();
  }
}
