package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.scheduler.kafka.ClusterSnapshot;
import io.kafkamesos.scheduler.kafka.KafkaAccess;
import io.kafkamesos.scheduler.kafka.KafkaUnavailableException;
import io.kafkamesos.scheduler.kafka.PartitionHealth;
import io.kafkamesos.scheduler.kafka.ZooKeeperKafkaAccess;
import io.kafkamesos.scheduler.security.ClientSecurity;
import io.kafkamesos.scheduler.topic.TopicRequests.ProducerTestSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic operations of the maintenance API, answered in the seed's shapes. Changes go through
 * Kafka's admin client; topics, partition states and health are read from the shared view of a
 * {@link KafkaAccess} (ZooKeeper's watches in ZooKeeper mode, the admin client's metadata on KRaft),
 * never by reading every partition on every request. After a change of its own the service waits
 * (within the timeout) until the view shows it, so that the next request sees what this one did.
 * Every request is checked before anything changes, so a refused request leaves the cluster as it
 * was. Failures are {@link TopicException}s; waits are bounded by one timeout (10 s default), and
 * Kafka's retriable errors are tried again for a few seconds (then 503). A topic is a 404 only when
 * a direct read (ZooKeeper in ZooKeeper mode, the admin client on KRaft) says it does not exist.
 */
public final class TopicService implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String PARTITIONS_WARNING = "WARNING: If partitions are increased for a topic that has a key, "
            + "the partition logic or ordering of the messages will be affected\n";
    /** How long a read waits for a view that cannot be trusted yet (ZooKeeper reconnecting). */
    private static final Duration VIEW_WAIT = Duration.ofSeconds(3);
    /**
     * How long a create waits for the view to show as many brokers as it asks replicas: a few
     * refreshes of a KRaft view, time for a broker's metadata to follow a registration.
     */
    private static final Duration BROKERS_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(TopicService.class);

    private final KafkaAccess access;
    private final boolean ownsAccess;
    private final KafkaCalls kafka;
    private final ProducerTest producerTest;
    private final Duration timeout;

    /**
     * A service on Kafka's ZooKeeper (ZooKeeper mode) with a view of its own.
     *
     * @param zookeeperConnect ZooKeeper hosts with the cluster's chroot, e.g. {@code 127.0.0.1:2181/kafka0}
     * @param bootstrapServers the brokers' {@code host:port,...} as of now ("" while there is none)
     */
    public TopicService(String zookeeperConnect, Supplier<String> bootstrapServers) {
        this(zookeeperConnect, bootstrapServers, DEFAULT_TIMEOUT);
    }

    public TopicService(String zookeeperConnect, Supplier<String> bootstrapServers, Duration timeout) {
        this(zookeeperConnect, bootstrapServers, timeout, Clock.systemUTC());
    }

    /** @param clock bounds the retries while a broker catches up with ZooKeeper */
    public TopicService(String zookeeperConnect, Supplier<String> bootstrapServers, Duration timeout, Clock clock) {
        this(ZooKeeperKafkaAccess.open(zookeeperConnect, clock), true, bootstrapServers, timeout, clock,
                ClientSecurity.PLAINTEXT);
    }

    /**
     * A service on a shared view (the scheduler's), which it does not close.
     *
     * @param bootstrapServers the brokers' {@code host:port,...} as of now ("" while there is none)
     */
    public TopicService(KafkaAccess access, Supplier<String> bootstrapServers, Duration timeout, Clock clock) {
        this(access, false, bootstrapServers, timeout, clock, ClientSecurity.PLAINTEXT);
    }

    /**
     * A service on a shared view whose clients connect with {@code security} (the scheduler's
     * client certificate on a secure cluster, issue 15).
     */
    public TopicService(KafkaAccess access, Supplier<String> bootstrapServers, Duration timeout, Clock clock,
            ClientSecurity security) {
        this(access, false, bootstrapServers, timeout, clock, security);
    }

    private TopicService(KafkaAccess access, boolean ownsAccess, Supplier<String> bootstrapServers,
            Duration timeout, Clock clock, ClientSecurity security) {
        this.access = requireNonNull(access, "access");
        this.ownsAccess = ownsAccess;
        this.timeout = requireNonNull(timeout, "timeout");
        this.kafka = new KafkaCalls(bootstrapServers, timeout, clock, security);
        LongSupplier nanoTime = System::nanoTime;
        this.producerTest = new ProducerTest(timeout, nanoTime);
    }

    /**
     * The topic names in the seed's order (descending), internal topics and topics marked for
     * deletion left out.
     */
    public List<String> list() {
        return view().topics().values().stream()
                .filter(t -> !t.internal() && !t.markedForDeletion())
                .map(ClusterSnapshot.Topic::name)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    public CommandResult create(String name, int partitions, int replication) {
        String topic = TopicRequests.topicName(name);
        requirePositive("partitions", partitions);
        requirePositive("replication", replication);
        if (replication > Short.MAX_VALUE) {
            throw TopicException.badRequest("replication must be at most " + Short.MAX_VALUE);
        }
        // The brokers the shared view has registered (ZooKeeper's /brokers/ids, or the KRaft
        // metadata it refreshes) decide the refusal here. The view, like any one broker's
        // describeCluster, can be a moment behind a broker that just registered: a request for
        // more replicas than it shows waits a little for it first. Kafka's controller has the final
        // word on the create itself.
        int live = view().brokerIds().size();
        if (replication > live && live > 0) {
            live = access.await(v -> v.brokerIds().size() >= replication, BROKERS_WAIT.compareTo(timeout) < 0
                    ? BROKERS_WAIT : timeout).brokerIds().size();
        }
        if (live == 0) {
            throw new TopicException(TopicException.Kind.UNAVAILABLE,
                    "no Kafka broker is registered yet; wait for the brokers to start", null);
        }
        if (replication > live) {
            throw TopicException.badRequest("replication " + replication + " is larger than the " + live
                    + " live broker(s); ask for at most " + live);
        }
        // A controller that does not count a broker registered a moment ago answers
        // INVALID_REPLICATION_FACTOR: tried again while it catches up, then answered as Kafka says.
        kafka.call(() -> kafka.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) replication)),
                new CreateTopicsOptions().timeoutMs(kafka.timeoutMs())).all(), "creating topic \"" + topic + "\"",
                failure -> failure instanceof InvalidReplicationFactorException);
        LOG.info("Created topic {} with {} partitions, replication {}", topic, partitions, replication);
        seen("topic " + topic + " created", v -> v.hasTopic(topic)
                && v.topic(topic).get().partitions().size() == partitions
                && v.topic(topic).get().partitions().values().stream().allMatch(p -> p.leader() >= 0));
        return CommandResult.ok("Created topic \"" + topic + "\".\n");
    }

    /**
     * Each partition's state, in partition order: the state node as Kafka wrote it (ZooKeeper mode),
     * or the same fields built from Kafka's metadata (KRaft: see {@link KafkaAccess#partitionStates}).
     */
    public PartitionStates describe(String name) {
        String topic = existingTopic(name);
        List<Map<String, Map<String, Object>>> partitions = new ArrayList<>();
        SortedMap<Integer, Map<String, Object>> states = unavailableIfThrown(() -> access.partitionStates(topic))
                .orElseThrow(() -> TopicException.notFound(topic));
        states.forEach((partition, state) -> {
            Map<String, Map<String, Object>> entry = new LinkedHashMap<>();
            entry.put(String.valueOf(partition), state);
            partitions.add(entry);
        });
        return new PartitionStates(partitions);
    }

    /** Each partition's latest offset as a string, highest partition first (as the seed shows). */
    public List<Map<String, String>> offsets(String name) {
        String topic = existingTopic(name);
        Collection<Integer> partitions = assignment(topic).keySet();
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> ends = onTopic(topic, () -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
                return kafka.retrying("reading offsets of topic \"" + topic + "\"",
                        () -> consumer.endOffsets(tps, kafka.timeout()));
            } catch (KafkaException e) {
                throw KafkaCalls.translate("reading offsets of topic \"" + topic + "\"", e);
            }
        });
        return tps.stream().sorted(Comparator.comparingInt(TopicPartition::partition).reversed())
                .map(tp -> Map.of(String.valueOf(tp.partition()), String.valueOf(ends.get(tp))))
                .toList();
    }

    public CommandResult alterPartitions(String name, int count) {
        String topic = existingTopic(name);
        requirePositive("partitions", count);
        int current = assignment(topic).size();
        if (count <= current) {
            throw TopicException.badRequest("topic \"" + topic + "\" has " + current
                    + " partitions and Kafka can only add partitions: ask for more than " + current);
        }
        onTopic(topic, () -> kafka.call(() -> kafka.admin().createPartitions(
                        Map.of(topic, NewPartitions.increaseTo(count)),
                        new CreatePartitionsOptions().timeoutMs(kafka.timeoutMs())).all(),
                "adding partitions to topic \"" + topic + "\""));
        LOG.info("Topic {} now has {} partitions (was {})", topic, count, current);
        seen("topic " + topic + " with " + count + " partitions", v -> v.topic(topic)
                .map(t -> t.partitions().size() >= count).orElse(true));
        return CommandResult.ok(PARTITIONS_WARNING + "Adding partitions succeeded!\n");
    }

    public CommandResult setConfig(String name, String key, String value) {
        requireNonNull(value, "value");
        return alterConfig(name, key, value, AlterConfigOp.OpType.SET);
    }

    public CommandResult deleteConfig(String name, String key) {
        return alterConfig(name, key, null, AlterConfigOp.OpType.DELETE);
    }

    public CommandResult producerTest(String name, ProducerTestSpec spec) {
        String topic = existingTopic(name);
        return producerTest.run(kafka.bootstrap(), kafka.securityProperties(), topic, spec);
    }

    public CommandResult delete(String name) {
        String topic = existingTopic(name);
        onTopic(topic, () -> kafka.call(() -> kafka.admin().deleteTopics(List.of(topic),
                new DeleteTopicsOptions().timeoutMs(kafka.timeoutMs())).all(), "deleting topic \"" + topic + "\""));
        LOG.info("Topic {} is marked for deletion", topic);
        seen("topic " + topic + " deleted", v -> !v.hasTopic(topic));
        return CommandResult.ok("Topic " + topic + " is marked for deletion.\n"
                + "Note: This will have no impact if delete.topic.enable is not set to true.\n");
    }

    public CommandResult underReplicatedPartitions() {
        return CommandResult.ok(PartitionHealth.describe(view().underReplicated()));
    }

    public CommandResult unavailablePartitions() {
        return CommandResult.ok(PartitionHealth.describe(view().unavailable()));
    }

    /** How fresh the answers are (the view's own words). */
    public String freshness() {
        return access.freshness();
    }

    @Override
    public void close() {
        kafka.close();
        if (ownsAccess) {
            access.close();
        }
    }

    /** The shared view, once it can be trusted (waiting a moment for a ZooKeeper reconnecting). */
    private ClusterSnapshot view() {
        ClusterSnapshot now = access.snapshot();
        if (now.error().isPresent()) {
            now = access.await(v -> v.error().isEmpty(), VIEW_WAIT.compareTo(timeout) < 0 ? VIEW_WAIT : timeout);
        }
        if (now.error().isPresent()) {
            throw new TopicException(TopicException.Kind.UNAVAILABLE, now.error().get(), null);
        }
        return now;
    }

    /** After a change of this service: waits (bounded) until the view shows it. */
    private void seen(String what, java.util.function.Predicate<ClusterSnapshot> condition) {
        if (!condition.test(access.await(condition, timeout))) {
            LOG.warn("The view of Kafka does not show {} after {} s; the next answers may not either yet",
                    what, timeout.toSeconds());
        }
    }

    private <T> T unavailableIfThrown(Supplier<T> read) {
        try {
            return read.get();
        } catch (KafkaUnavailableException e) {
            throw new TopicException(TopicException.Kind.UNAVAILABLE, e.getMessage(), e);
        }
    }

    private boolean existsNow(String topic) {
        return unavailableIfThrown(() -> access.topicExists(topic));
    }

    private CommandResult alterConfig(String name, String key, String value, AlterConfigOp.OpType opType) {
        String topic = existingTopic(name);
        String configKey = TopicRequests.required("key", key);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        // Any broker may answer, and its metadata may not know a topic created a moment ago, or
        // may be behind after a restart: "unknown topic" is retried (KafkaCalls#call).
        Config current = onTopic(topic, () -> kafka.call(() -> kafka.admin().describeConfigs(List.of(resource),
                new DescribeConfigsOptions().timeoutMs(kafka.timeoutMs())).values().get(resource),
                "reading the config of topic \"" + topic + "\""));
        Set<String> known = new TreeSet<>();
        current.entries().forEach(e -> known.add(e.name()));
        if (!known.contains(configKey)) {
            throw TopicException.badRequest("unknown topic config key \"" + configKey + "\"; valid keys: "
                    + String.join(", ", known));
        }
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(configKey, value), opType);
        String what = "changing config " + configKey + " of topic \"" + topic + "\"";
        // The broker validates the whole change before it applies any of it.
        onTopic(topic, () -> kafka.call(() -> kafka.admin().incrementalAlterConfigs(Map.of(resource, List.of(op)),
                new AlterConfigsOptions().timeoutMs(kafka.timeoutMs())).all(), what));
        LOG.info("Topic {}: config {} {}", topic, configKey, opType);
        return CommandResult.ok("Updated config for topic \"" + topic + "\".\n");
    }

    /**
     * The topic, when it exists: the view says so, or (a topic created a moment ago by someone else)
     * a direct read does, and then the view is given the time to catch up.
     */
    private String existingTopic(String name) {
        String topic = TopicRequests.pathTopicName(name);
        if (view().hasTopic(topic)) {
            return topic;
        }
        if (!existsNow(topic)) {
            throw TopicException.notFound(topic);
        }
        seen("topic " + topic, v -> v.hasTopic(topic));
        return topic;
    }

    /**
     * Runs a Kafka operation on a topic that ZooKeeper had; when Kafka keeps saying it does not
     * know the topic, ZooKeeper decides: gone meanwhile is a 404, still there a 503 (Kafka behind).
     */
    private <T> T onTopic(String topic, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (TopicException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException && !existsNow(topic)) {
                throw TopicException.notFound(topic);
            }
            throw e;
        }
    }

    /** Partition → replicas, as the view has the topic. */
    private Map<Integer, List<Integer>> assignment(String topic) {
        ClusterSnapshot.Topic t = view().topic(topic).orElseThrow(() -> TopicException.notFound(topic));
        Map<Integer, List<Integer>> out = new java.util.TreeMap<>();
        t.partitions().forEach((id, p) -> out.put(id, p.replicas()));
        return out;
    }

    private static void requirePositive(String parameter, int value) {
        if (value < 1) {
            throw TopicException.badRequest(parameter + " must be at least 1, got " + value);
        }
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-mesos-offsets");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, kafka.timeoutMs());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, kafka.timeoutMs());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }
}
