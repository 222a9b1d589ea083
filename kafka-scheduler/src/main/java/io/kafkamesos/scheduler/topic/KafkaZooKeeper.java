package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import io.kafkamesos.scheduler.topic.PartitionHealth.PartitionStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;

/**
 * Reads what Kafka keeps in ZooKeeper under the cluster's chroot: topic assignments, partition
 * states and broker registrations. Read-only: every change goes through Kafka's admin client.
 * A ZooKeeper that does not answer within the timeout becomes {@code UNAVAILABLE}.
 */
final class KafkaZooKeeper implements TopicMetadata {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a read waits for a (re)connection before it answers that ZooKeeper is away. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(3);
    private static final TypeReference<TreeMap<String, Object>> SORTED_MAP = new TypeReference<>() {
    };

    private final String connect;
    private final CuratorFramework curator;

    /** @param connect ZooKeeper hosts with Kafka's chroot, e.g. {@code 127.0.0.1:2181/kafka0} */
    KafkaZooKeeper(String connect, Duration timeout) {
        this.connect = requireNonNull(connect, "connect");
        int timeoutMs = (int) Math.max(1, requireNonNull(timeout, "timeout").toMillis() / 2);
        // The ZooKeeper client applies the chroot of the connect string itself; the ensemble
        // tracker would rewrite the connect string without it, so it stays off.
        this.curator = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .connectionTimeoutMs(timeoutMs)
                .sessionTimeoutMs(Math.max(timeoutMs * 3, 10_000))
                .retryPolicy(new RetryOneTime(100))
                .ensembleTracker(false)
                .build();
        curator.start();
    }

    /** The topics in ZooKeeper (including ones marked for deletion), sorted. */
    @Override
    public List<String> topics() {
        return children("/brokers/topics").stream().sorted().toList();
    }

    /** The topics marked for deletion whose deletion has not finished yet. */
    @Override
    public Set<String> topicsMarkedForDeletion() {
        return new TreeSet<>(children("/admin/delete_topics"));
    }

    /** True when the topic exists and is not marked for deletion. */
    @Override
    public boolean topicExists(String topic) {
        return read(() -> curator.checkExists().forPath(topicPath(topic)) != null
                && curator.checkExists().forPath("/admin/delete_topics/" + topic) == null);
    }

    /** The replica assignment: partition → broker ids, or empty when the topic does not exist. */
    @Override
    public Optional<Map<Integer, List<Integer>>> assignment(String topic) {
        return data(topicPath(topic)).map(bytes -> {
            JsonNode partitions = parse(bytes).path("partitions");
            Map<Integer, List<Integer>> out = new TreeMap<>();
            partitions.fields().forEachRemaining(e -> {
                List<Integer> replicas = new ArrayList<>();
                e.getValue().forEach(id -> replicas.add(id.asInt()));
                out.put(Integer.parseInt(e.getKey()), replicas);
            });
            return out;
        });
    }

    /** Partition → its state node as Kafka wrote it (keys sorted); missing states are left out. */
    @Override
    public Map<Integer, Map<String, Object>> partitionStates(String topic) {
        Map<Integer, Map<String, Object>> states = new TreeMap<>();
        for (String partition : children(topicPath(topic) + "/partitions")) {
            data(topicPath(topic) + "/partitions/" + partition + "/state").ifPresent(bytes ->
                    states.put(Integer.parseInt(partition), parseSorted(bytes)));
        }
        return states;
    }

    /** Every partition of every topic, with its assignment and current leader and ISR. */
    @Override
    public List<PartitionStatus> allPartitions() {
        List<PartitionStatus> out = new ArrayList<>();
        for (String topic : topics()) {
            Map<Integer, List<Integer>> assignment = assignment(topic).orElse(Map.of());
            Map<Integer, Map<String, Object>> states = partitionStates(topic);
            assignment.forEach((partition, replicas) -> {
                Map<String, Object> state = states.getOrDefault(partition, Map.of());
                int leader = state.get("leader") instanceof Number n ? n.intValue() : PartitionHealth.NO_LEADER;
                List<Integer> isr = state.get("isr") instanceof List<?> list
                        ? list.stream().map(id -> ((Number) id).intValue()).toList()
                        : List.of();
                out.add(new PartitionStatus(topic, partition, replicas, leader, isr));
            });
        }
        return out;
    }

    /** The ids of the brokers registered now (that is, alive). */
    @Override
    public Set<Integer> liveBrokers() {
        return children("/brokers/ids").stream().map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code host:port,...} of the registered brokers' plaintext listeners, "" when none. */
    String bootstrapServers() {
        List<String> endpoints = new ArrayList<>();
        for (int id : liveBrokers()) {
            data("/brokers/ids/" + id).flatMap(bytes -> plaintextEndpoint(parse(bytes)))
                    .ifPresent(endpoints::add);
        }
        return String.join(",", endpoints);
    }

    /** The first listener of a broker registration whose protocol is PLAINTEXT, as host:port. */
    static Optional<String> plaintextEndpoint(JsonNode registration) {
        JsonNode protocols = registration.path("listener_security_protocol_map");
        for (JsonNode endpoint : registration.path("endpoints")) {
            String text = endpoint.asText();
            int sep = text.indexOf("://");
            if (sep <= 0) {
                continue;
            }
            String listener = text.substring(0, sep);
            String protocol = protocols.path(listener).asText(listener);
            if (protocol.equals("PLAINTEXT")) {
                return Optional.of(text.substring(sep + 3));
            }
        }
        if (registration.hasNonNull("host") && registration.path("port").asInt(-1) > 0) {
            return Optional.of(registration.get("host").asText() + ":" + registration.get("port").asInt());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        curator.close();
    }

    private static String topicPath(String topic) {
        return "/brokers/topics/" + topic;
    }

    private List<String> children(String path) {
        return read(() -> {
            try {
                return curator.getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return Collections.<String>emptyList();
            }
        });
    }

    private Optional<byte[]> data(String path) {
        return read(() -> {
            try {
                return Optional.of(curator.getData().forPath(path));
            } catch (KeeperException.NoNodeException e) {
                return Optional.<byte[]>empty();
            }
        });
    }

    private interface ZkRead<T> {
        T run() throws Exception;
    }

    private <T> T read(ZkRead<T> read) {
        if (!ZooKeeperClients.connected(curator, CONNECT_WAIT)) {
            // fail now rather than after Curator's retries: the API answers 503 in time
            throw new TopicException(TopicException.Kind.UNAVAILABLE, "ZooKeeper at " + connect
                    + " is not connected; check that ZooKeeper is running", null);
        }
        try {
            return read.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private TopicException unavailable(Exception e) {
        return new TopicException(TopicException.Kind.UNAVAILABLE,
                "ZooKeeper at " + connect + " did not answer: " + e + "; check that ZooKeeper is running", e);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable JSON in ZooKeeper: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parseSorted(byte[] bytes) {
        try {
            return JSON.readValue(bytes, SORTED_MAP);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable JSON in ZooKeeper: " + e.getMessage(), e);
        }
    }
}
