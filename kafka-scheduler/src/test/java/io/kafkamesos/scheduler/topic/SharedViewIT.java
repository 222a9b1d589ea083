package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.kafka.AdminKafkaAccess;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot;
import io.kafkamesos.scheduler.kafka.KafkaAccess;
import io.kafkamesos.scheduler.kafka.PartitionHealth;
import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import io.kafkamesos.scheduler.kafka.ZooKeeperKafkaAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16: the shared views (ZooKeeper's watches, and the admin client's metadata that KRaft
 * clusters use) give the same under-replicated and unavailable partitions as asking Kafka directly
 * ({@code describeTopics} with every partition's leader and ISR), while a broker is stopped and
 * after it is back.
 */
class SharedViewIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(3);

    @Test
    void theViewsAnswerAsKafkaDoesWhilePartitionsGoUnderReplicatedAndBack() throws Exception {
        KafkaCluster cluster = KAFKA.cluster();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin admin = Admin.create(props);
             ZooKeeperKafkaAccess zk = ZooKeeperKafkaAccess.open(cluster.zookeeperConnect(), Clock.systemUTC());
             AdminKafkaAccess metadata = new AdminKafkaAccess(cluster::bootstrapServers, Duration.ofSeconds(10),
                     Duration.ofMillis(200), Clock.systemUTC())) {
            admin.createTopics(List.of(new NewTopic("view-rf3", 4, (short) 3), new NewTopic("view-rf1", 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            awaitSameAnswers("all in sync", admin, zk, metadata, 0);

            cluster.stopBroker(2);
            try {
                Health stopped = awaitSameAnswers("broker 2 stopped", admin, zk, metadata, 2);
                assertThat(stopped.underReplicated()).as("every rf3 partition lost broker 2 from its ISR")
                        .filteredOn(p -> p.topic().equals("view-rf3")).hasSize(4)
                        .allSatisfy(p -> assertThat(p.isr()).doesNotContain(2));
                assertThat(stopped.unavailable()).as("the rf1 partition on broker 2 has no leader").hasSize(1)
                        .allSatisfy(p -> assertThat(p.replicas()).containsExactly(2));
            } finally {
                cluster.startBroker(2);
            }
            Health back = awaitSameAnswers("broker 2 back", admin, zk, metadata, 0);
            assertThat(back.underReplicated()).isEmpty();
            assertThat(back.unavailable()).isEmpty();
        }
    }

    /** Under-replicated and unavailable partitions as the seed prints them (one line each). */
    record Health(List<PartitionStatus> underReplicated, List<PartitionStatus> unavailable) {
        String text() {
            return PartitionHealth.describe(underReplicated) + "--\n" + PartitionHealth.describe(unavailable);
        }
    }

    /**
     * Polls until Kafka's own answer shows the broker stopped ({@code stoppedBroker}; 0: none), and
     * both views give the very same answer as Kafka; fails naming the answers if they do not.
     */
    private static Health awaitSameAnswers(String when, Admin admin, KafkaAccess zk, KafkaAccess metadata,
            int stoppedBroker) {
        Health[] last = new Health[3];
        KafkaCluster.await("the views to agree with Kafka (" + when + ")", WAIT, () -> {
            last[0] = fromKafka(admin);
            last[1] = fromView(zk.snapshot());
            last[2] = fromView(metadata.snapshot());
            boolean settled = stoppedBroker == 0
                    ? last[0].underReplicated().isEmpty() && last[0].unavailable().isEmpty()
                    : last[0].underReplicated().stream().filter(p -> p.topic().equals("view-rf3")).count() == 4;
            return settled && last[0].text().equals(last[1].text()) && last[0].text().equals(last[2].text());
        });
        assertThat(last[1].text()).as("ZooKeeper view, " + when).isEqualTo(last[0].text());
        assertThat(last[2].text()).as("admin-client view, " + when).isEqualTo(last[0].text());
        return last[0];
    }

    private static Health fromView(ClusterSnapshot view) {
        List<PartitionStatus> user = view.partitions().stream().filter(p -> p.topic().startsWith("view-"))
                .map(SharedViewIT::normalized).toList();
        return health(user, view.brokerIds());
    }

    /** Sorted by topic and partition, the ISR in id order (Kafka keeps it in no particular order). */
    private static Health health(List<PartitionStatus> partitions, java.util.Set<Integer> live) {
        List<PartitionStatus> sorted = partitions.stream().sorted(java.util.Comparator
                .comparing(PartitionStatus::topic).thenComparingInt(PartitionStatus::partition)).toList();
        return new Health(PartitionHealth.underReplicated(sorted), PartitionHealth.unavailable(sorted, live));
    }

    private static PartitionStatus normalized(PartitionStatus p) {
        return new PartitionStatus(p.topic(), p.partition(), p.replicas(), p.leader(),
                p.isr().stream().sorted().toList());
    }

    private static Health fromKafka(Admin admin) {
        try {
            var live = new TreeSet<Integer>();
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).forEach(n -> live.add(n.id()));
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("view-rf3", "view-rf1"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            List<PartitionStatus> partitions = topics.values().stream().flatMap(t -> t.partitions().stream()
                    .map(p -> status(t.name(), p))).toList();
            return health(partitions, live);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer: " + e, e);
        }
    }

    private static PartitionStatus status(String topic, TopicPartitionInfo p) {
        int leader = p.leader() == null || p.leader().isEmpty() ? PartitionHealth.NO_LEADER : p.leader().id();
        return new PartitionStatus(topic, p.partition(), p.replicas().stream().map(Node::id).toList(), leader,
                p.isr().stream().map(Node::id).sorted().toList());
    }
}
