package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.scheduler.topic.TopicApiServer.Answer;
import io.kafkamesos.scheduler.kafka.ClusterSnapshot;
import io.kafkamesos.scheduler.kafka.ZooKeeperKafkaAccess;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service on its own: broker discovery through its view of ZooKeeper, and 503s when nothing answers. */
class TopicServiceIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(3);

    @Test
    void findsTheBrokersThroughTheirRegistrations() {
        KafkaCluster cluster = KAFKA.cluster();
        // The service's bootstrap servers come from the same view whose load the test awaits (a view
        // of its own could still be loading when the first call goes out: "no Kafka broker is
        // registered yet", which is the service's right answer then, not what this test is about).
        try (ZooKeeperKafkaAccess view = ZooKeeperKafkaAccess.open(cluster.zookeeperConnect(), Clock.systemUTC());
             TopicService service = new TopicService(view, () -> view.snapshot().bootstrapServers(),
                     Duration.ofSeconds(10), Clock.systemUTC())) {
            ClusterSnapshot loaded = view.await(s -> s.error().isEmpty() && s.brokers().size() == 3,
                    Duration.ofSeconds(30));
            assertThat(loaded.bootstrapServers()).isEqualTo(cluster.bootstrapServers());
            assertThat(loaded.brokerIds()).containsExactly(0, 1, 2);
            assertThat(service.create("discovered", 2, 2).stdout()).isEqualTo("Created topic \"discovered\".\n");
            assertThat(service.list()).contains("discovered");
            assertThat(service.describe("discovered").partitions()).hasSize(2);
        }
    }

    @Test
    void aTopicJustCreatedOrDeletedIsSeenAsSuchByTheNextCall() {
        KafkaCluster cluster = KAFKA.cluster();
        try (TopicService service = new TopicService(cluster.zookeeperConnect(), cluster::bootstrapServers)) {
            for (int i = 0; i < 5; i++) {
                String topic = "fresh" + i;
                service.create(topic, 3, 2);
                assertThat(service.list()).contains(topic);
                assertThat(service.setConfig(topic, "retention.ms", "60000").exitCode()).isZero();
                assertThat(service.describe(topic).partitions()).hasSize(3);
                service.delete(topic);
                assertThat(service.list()).doesNotContain(topic);
                assertThatThrownBy(() -> service.describe(topic)).isInstanceOfSatisfying(TopicException.class,
                        e -> assertThat(e.kind()).isEqualTo(TopicException.Kind.NOT_FOUND));
            }
        }
    }

    @Test
    void answers503WithinTheTimeoutWhenZooKeeperAndKafkaAreDown() {
        int deadZk = KafkaCluster.freePort();
        int deadBroker = KafkaCluster.freePort();
        try (TopicService service = new TopicService("127.0.0.1:" + deadZk + "/kafka0",
                () -> "127.0.0.1:" + deadBroker, Duration.ofSeconds(2));
             TopicApiServer api = TopicApiServer.start(service)) {
            for (String[] call : new String[][] {
                    {"GET", "/v1/topics"},
                    {"POST", "/v1/topics?name=t&partitions=1&replication=1"},
                    {"GET", "/v1/topics/t"},
                    {"GET", "/v1/topics/t/offsets"},
                    {"PUT", "/v1/topics/t?operation=partitions&partitions=2"},
                    {"DELETE", "/v1/topics/t"},
                    {"GET", "/v1/topics/under_replicated_partitions"},
                    {"GET", "/v1/topics/unavailable_partitions"}}) {
                Answer answer = api.call(call[0], call[1]);
                assertThat(answer.status()).as(call[0] + " " + call[1] + ": " + answer.text()).isEqualTo(503);
                assertThat(answer.body().get("message").asText()).containsAnyOf("ZooKeeper", "Kafka");
            }
            // Parameter errors are still reported first: nothing needs the cluster to see them.
            assertThat(api.call("POST", "/v1/topics?name=t&partitions=0&replication=1").status()).isEqualTo(400);
        }
    }
}
