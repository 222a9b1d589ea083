package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.scheduler.topic.TopicApiServer.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every topic endpoint over real HTTP against three real brokers, with the seed's shapes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicResourceIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(3);

    private static TopicService service;
    private static TopicApiServer api;
    private static Admin admin;

    @BeforeAll
    static void startApi() {
        KafkaCluster cluster = KAFKA.cluster();
        service = new TopicService(cluster.zookeeperConnect(), cluster::bootstrapServers, Duration.ofSeconds(10));
        api = TopicApiServer.start(service);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stopApi() {
        if (admin != null) {
            admin.close();
        }
        if (api != null) {
            api.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void healthListsAreEmptyOnAHealthyCluster() {
        assertEnvelope(api.call("GET", "/v1/topics/under_replicated_partitions"), "");
        assertEnvelope(api.call("GET", "/v1/topics/unavailable_partitions"), "");
    }

    @Test
    @Order(2)
    void runsTheSeedTopicWalkThrough() throws Exception {
        assertEnvelope(api.call("POST", "/v1/topics?name=topic0&partitions=1&replication=1"),
                "Created topic \"topic0\".\n");
        assertEnvelope(api.call("POST", "/v1/topics?name=topic1&partitions=3&replication=3"),
                "Created topic \"topic1\".\n");

        Answer list = api.call("GET", "/v1/topics");
        assertThat(list.status()).isEqualTo(200);
        List<String> names = texts(list.body());
        assertThat(names).containsSubsequence("topic1", "topic0").doesNotContain("__consumer_offsets");
        assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        Answer describe = api.call("GET", "/v1/topics/topic1");
        assertThat(describe.status()).isEqualTo(200);
        JsonNode partitions = describe.body().get("partitions");
        assertThat(partitions).hasSize(3);
        for (int p = 0; p < 3; p++) {
            JsonNode entry = partitions.get(p);
            assertThat(fieldNames(entry)).containsExactly(String.valueOf(p));
            JsonNode state = entry.get(String.valueOf(p));
            assertThat(fieldNames(state)).containsExactly("controller_epoch", "isr", "leader", "leader_epoch", "version");
            assertThat(state.get("isr")).hasSize(3);
            assertThat(state.get("leader").asInt()).isBetween(0, 2);
        }

        Answer test = api.call("PUT", "/v1/topics/topic1?operation=producer-test&messages=10");
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().get("exit_code").asInt()).isZero();
        assertThat(test.body().get("stderr").asText()).isEmpty();
        assertThat(test.body().get("stdout").asText()).matches("10 records sent, \\d+\\.\\d{6} records/sec "
                + "\\(\\d+\\.\\d{2} MB/sec\\), \\d+\\.\\d{2} ms avg latency, \\d+\\.\\d{2} ms max latency, "
                + "\\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99\\.9th\\.\n");

        // Latest offsets are high watermarks: they reach 10 once the followers have the records.
        KafkaCluster.await("offsets of topic1 add up to 10", Duration.ofSeconds(30),
                () -> offsetTotal("topic1") == 10);
        Answer offsets = api.call("GET", "/v1/topics/topic1/offsets");
        assertThat(offsets.status()).isEqualTo(200);
        assertThat(offsets.body()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode entry = offsets.body().get(i);
            String partition = String.valueOf(2 - i);
            assertThat(fieldNames(entry)).containsExactly(partition);
            assertThat(entry.get(partition).isTextual()).isTrue();
        }

        assertEnvelope(api.call("PUT", "/v1/topics/topic1?operation=config&key=cleanup.policy&value=compact"),
                "Updated config for topic \"topic1\".\n");
        assertThat(topicConfig("topic1", "cleanup.policy").value()).isEqualTo("compact");
        assertEnvelope(api.call("PUT", "/v1/topics/topic1?operation=deleteConfig&key=cleanup.policy"),
                "Updated config for topic \"topic1\".\n");
        assertThat(topicConfig("topic1", "cleanup.policy").source())
                .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        assertEnvelope(api.call("PUT", "/v1/topics/topic1?operation=partitions&partitions=4"),
                "WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering "
                        + "of the messages will be affected\nAdding partitions succeeded!\n");
        assertThat(api.call("GET", "/v1/topics/topic1").body().get("partitions")).hasSize(4);

        assertEnvelope(api.call("DELETE", "/v1/topics/topic1"), "Topic topic1 is marked for deletion.\n"
                + "Note: This will have no impact if delete.topic.enable is not set to true.\n");
        KafkaCluster.await("topic1 deleted", Duration.ofSeconds(60),
                () -> !texts(api.call("GET", "/v1/topics").body()).contains("topic1")
                        && api.call("GET", "/v1/topics/topic1").status() == 404);
    }

    @Test
    @Order(3)
    void producerTestHonoursSizeAndAcks() {
        api.call("POST", "/v1/topics?name=perf&partitions=2&replication=2");
        Answer test = api.call("PUT", "/v1/topics/perf?operation=producer-test&messages=200&size=100&acks=all");
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().get("stdout").asText()).startsWith("200 records sent, ");
        KafkaCluster.await("offsets of perf add up to 200", Duration.ofSeconds(30),
                () -> offsetTotal("perf") == 200);
    }

    @Test
    @Order(4)
    void unknownTopicsAre404() {
        assertError(api.call("GET", "/v1/topics/missing"), 404, "missing");
        assertError(api.call("GET", "/v1/topics/missing/offsets"), 404, "missing");
        assertError(api.call("PUT", "/v1/topics/missing?operation=partitions&partitions=5"), 404, "missing");
        assertError(api.call("PUT", "/v1/topics/missing?operation=config&key=cleanup.policy&value=compact"), 404, "missing");
        assertError(api.call("PUT", "/v1/topics/missing?operation=deleteConfig&key=cleanup.policy"), 404, "missing");
        assertError(api.call("PUT", "/v1/topics/missing?operation=producer-test&messages=1"), 404, "missing");
        assertError(api.call("DELETE", "/v1/topics/missing"), 404, "missing");
        // The producer test must not have auto-created it.
        assertThat(texts(api.call("GET", "/v1/topics").body())).doesNotContain("missing");
    }

    @Test
    @Order(5)
    void badCreateRequestsAre400AndCreateNothing() {
        assertError(api.call("POST", "/v1/topics?name=" + encode("bad name!") + "&partitions=1&replication=1"),
                400, "invalid topic name");
        assertError(api.call("POST", "/v1/topics?name=..&partitions=1&replication=1"), 400, "invalid topic name");
        assertError(api.call("POST", "/v1/topics?partitions=1&replication=1"), 400, "name");
        assertError(api.call("POST", "/v1/topics?name=refused&replication=1"), 400, "partitions");
        assertError(api.call("POST", "/v1/topics?name=refused&partitions=0&replication=1"), 400, "partitions");
        assertError(api.call("POST", "/v1/topics?name=refused&partitions=abc&replication=1"), 400, "integer");
        assertError(api.call("POST", "/v1/topics?name=refused&partitions=1&replication=0"), 400, "replication");
        assertError(api.call("POST", "/v1/topics?name=refused&partitions=1&replication=4"), 400, "3 live broker");
        assertThat(texts(api.call("GET", "/v1/topics").body())).doesNotContain("refused");

        api.call("POST", "/v1/topics?name=twice&partitions=1&replication=1");
        assertError(api.call("POST", "/v1/topics?name=twice&partitions=2&replication=1"), 409, "already exists");
        assertThat(api.call("GET", "/v1/topics/twice").body().get("partitions")).hasSize(1);
    }

    @Test
    @Order(6)
    void badAlterRequestsAre400AndChangeNothing() throws Exception {
        api.call("POST", "/v1/topics?name=fixed&partitions=3&replication=1");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=partitions&partitions=2"), 400, "only add partitions");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=partitions&partitions=3"), 400, "more than 3");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=partitions"), 400, "partitions");
        assertThat(api.call("GET", "/v1/topics/fixed").body().get("partitions")).hasSize(3);

        assertError(api.call("PUT", "/v1/topics/fixed?operation=config&key=no.such.key&value=1"), 400,
                "unknown topic config key \"no.such.key\"");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=config&key=cleanup.policy&value=bogus"), 400,
                "cleanup.policy");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=config&key=retention.ms&value=soon"), 400,
                "retention.ms");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=config&key=retention.ms"), 400, "value");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=deleteConfig"), 400, "key");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=deleteConfig&key=no.such.key"), 400, "no.such.key");
        assertThat(topicConfig("fixed", "cleanup.policy").source())
                .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(topicConfig("fixed", "retention.ms").source())
                .isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        assertError(api.call("PUT", "/v1/topics/fixed?operation=explode"), 400, "unknown operation");
        assertError(api.call("PUT", "/v1/topics/fixed"), 400, "operation");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=producer-test"), 400, "messages");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=producer-test&messages=0"), 400, "messages");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=producer-test&messages=1&acks=7"), 400, "acks");
        assertError(api.call("PUT", "/v1/topics/fixed?operation=producer-test&messages=1&size=0"), 400, "size");
        assertThat(api.call("GET", "/v1/topics/fixed/offsets").body().toString())
                .isEqualTo("[{\"2\":\"0\"},{\"1\":\"0\"},{\"0\":\"0\"}]");
    }

    @Test
    @Order(7)
    void reportsUnderReplicatedAndUnavailablePartitionsWhileABrokerIsDown() throws Exception {
        api.call("POST", "/v1/topics?name=health-rf3&partitions=2&replication=3");
        api.call("POST", "/v1/topics?name=health-rf1&partitions=3&replication=1");
        KafkaCluster cluster = KAFKA.cluster();
        cluster.stopBroker(2);
        try {
            KafkaCluster.await("partitions of broker 2 unavailable", Duration.ofSeconds(60), () ->
                    api.call("GET", "/v1/topics/unavailable_partitions").body().get("stdout").asText()
                            .contains("\tTopic: health-rf1\t"));
            String unavailable = api.call("GET", "/v1/topics/unavailable_partitions").body().get("stdout").asText();
            assertThat(unavailable.lines()).allMatch(line -> line.contains("\tLeader: none\tReplicas: 2\tIsr: "));
            assertThat(unavailable).matches("(\tTopic: [\\w.-]+\tPartition: \\d\tLeader: none\tReplicas: 2\tIsr: \\d?\n)+")
                    .doesNotContain("health-rf3");

            KafkaCluster.await("health-rf3 under-replicated", Duration.ofSeconds(60), () ->
                    api.call("GET", "/v1/topics/under_replicated_partitions").body().get("stdout").asText()
                            .contains("\tTopic: health-rf3\tPartition: 1\t"));
            Answer under = api.call("GET", "/v1/topics/under_replicated_partitions");
            assertThat(under.body().get("exit_code").asInt()).isZero();
            assertThat(under.body().get("stdout").asText())
                    .containsPattern("\tTopic: health-rf3\tPartition: 0\tLeader: [01]\tReplicas: [0-2],[0-2],[0-2]\tIsr: [01],[01]\n")
                    .doesNotContain("health-rf1");
        } finally {
            cluster.startBroker(2);
        }
        KafkaCluster.await("cluster healthy again", Duration.ofSeconds(90), () ->
                api.call("GET", "/v1/topics/under_replicated_partitions").body().get("stdout").asText().isEmpty()
                        && api.call("GET", "/v1/topics/unavailable_partitions").body().get("stdout").asText().isEmpty());
    }

    private static void assertEnvelope(Answer answer, String stdout) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(fieldNames(answer.body())).containsExactly("exit_code", "stderr", "stdout");
        assertThat(answer.body().get("exit_code").asInt()).isZero();
        assertThat(answer.body().get("stderr").asText()).isEmpty();
        assertThat(answer.body().get("stdout").asText()).isEqualTo(stdout);
    }

    private static void assertError(Answer answer, int status, String messagePart) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        // every error of the API has Dropwizard's shape: {"code": <status>, "message": ...}
        assertThat(fieldNames(answer.body())).containsExactly("code", "message");
        assertThat(answer.body().get("code").asInt()).isEqualTo(status);
        assertThat(answer.body().get("message").asText()).contains(messagePart);
    }

    private static ConfigEntry topicConfig(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key);
    }

    private static long offsetTotal(String topic) {
        long total = 0;
        for (JsonNode entry : api.call("GET", "/v1/topics/" + topic + "/offsets").body()) {
            total += Long.parseLong(entry.elements().next().asText());
        }
        return total;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
