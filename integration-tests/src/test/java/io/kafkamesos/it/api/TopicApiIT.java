package io.kafkamesos.it.api;

import static io.kafkamesos.it.api.Seed.PRODUCER_LINE;
import static io.kafkamesos.it.api.Seed.assertCliOk;
import static io.kafkamesos.it.api.Seed.assertSuccess;
import static io.kafkamesos.it.api.Seed.ok;
import static io.kafkamesos.it.api.Seed.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's "Topic Operations" examples in its order, each with a curl-like HTTP call and with
 * {@code dcos kafka}, on the shared live cluster. {@code topic1} is worked through the API and
 * {@code topic0} through the CLI; the effect of each change is checked with Kafka's admin client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ApiClusterExtension.class)
class TopicApiIT {
  private static final String PARTITIONS_CHANGED = "WARNING: If partitions are increased for a topic that has a key, "
      + "the partition logic or ordering of the messages will be affected\nAdding partitions succeeded!\n";

  private ApiCluster cluster;
  private TopicState state;

  @BeforeAll
  void useCluster(ApiCluster cluster) {
    this.cluster = cluster;
    this.state = new TopicState(cluster);
  }

  @Test
  @Order(1)
  void createAndList() {
    assertSuccess(ok(Json.post(cluster.url("/v1/topics?name=topic1&partitions=3&replication=3"))),
        "Created topic \"topic1\".\n");
    DcosCli.Run cli = cluster.cli().kafka("topic", "create", "topic0", "--partitions=3", "--replication=3");
    assertCliOk(cli);
    assertSuccess(cli.json(), "Created topic \"topic0\".\n");

    List<String> listed = texts(ok(Json.get(cluster.url("/v1/topics"))));
    assertThat(listed.stream().filter(t -> t.startsWith("topic")).toList()).containsExactly("topic1", "topic0");
    assertThat(listed).isSortedAccordingTo(Comparator.reverseOrder());
    DcosCli.Run list = cluster.cli().kafka("topic", "list");
    assertCliOk(list);
    assertThat(texts(list.json())).isEqualTo(listed);
    seen("topic1 with 3 partitions", () -> state.partitionCount("topic1") == 3);
    seen("topic0 with 3 replicas", () -> state.replicationFactor("topic0") == 3);
  }

  @Test
  @Order(2)
  void describeAnswersEachPartitionStateAsKafkaKeepsIt() {
    JsonNode described = Poll.until("every replica of topic1 in sync", LocalCluster.BROKERS_UP, () -> {
      JsonNode body = ok(Json.get(cluster.url("/v1/topics/topic1")));
      boolean full = true;
      for (JsonNode entry : body.path("partitions")) {
        full &= entry.elements().next().path("isr").size() == 3;
      }
      return full ? Optional.of(body) : Optional.empty();
    });

    assertThat(Seed.fieldNames(described)).containsExactly("partitions");
    assertThat(described.path("partitions")).hasSize(3);
    for (int p = 0; p < 3; p++) {
      JsonNode entry = described.path("partitions").get(p);
      assertThat(Seed.fieldNames(entry)).containsExactly(Integer.toString(p));
      JsonNode partition = entry.path(Integer.toString(p));
      assertThat(Seed.fieldNames(partition))
          .containsExactlyInAnyOrder("controller_epoch", "isr", "leader", "leader_epoch", "version");
      assertThat(partition.path("controller_epoch").asInt()).isPositive();
      assertThat(partition.path("isr")).extracting(JsonNode::asInt).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(partition.path("leader").asInt()).isIn(0, 1, 2);
      assertThat(partition.path("leader_epoch").asInt()).isNotNegative();
      assertThat(partition.path("version").asInt()).isEqualTo(1);
    }
    assertThat(state.leaders("topic1")).isEqualTo(List.of(
        described.path("partitions").get(0).path("0").path("leader").asInt(),
        described.path("partitions").get(1).path("1").path("leader").asInt(),
        described.path("partitions").get(2).path("2").path("leader").asInt()));
    DcosCli.Run cli = cluster.cli().kafka("topic", "describe", "topic1");
    assertCliOk(cli);
    assertThat(cli.json()).isEqualTo(described);
  }

  @Test
  @Order(3)
  void producerTestSendsRealRecordsAndOffsetsCountThem() {
    // The producer test defaults to acks=all (Kafka's producer default since 3.0): a record is
    // acknowledged once every in-sync replica has it and the high watermark covers it, so the
    // offsets count it at once, without waiting for the followers.
    JsonNode viaApi = ok(Json.put(cluster.url("/v1/topics/topic1?operation=producer-test&messages=1000")));
    assertThat(recordsSent(viaApi)).isEqualTo(1000);
    assertThat(totalOffset()).as("offsets right after the API's producer test").isEqualTo(1000);
    DcosCli.Run cli = cluster.cli().kafka("topic", "producer_test", "topic1", "10");
    assertCliOk(cli);
    assertThat(recordsSent(cli.json())).isEqualTo(10);
    DcosCli.Run cliOffsetsNow = cluster.cli().kafka("topic", "offsets", "topic1");
    assertCliOk(cliOffsetsNow);
    assertThat(total(cliOffsetsNow.json())).as("topic offsets right after topic producer_test 10").isEqualTo(1010);
    DcosCli.Run sized = cluster.cli().kafka("topic", "producer_test", "topic1", "90", "--size=100", "--acks=all");
    assertCliOk(sized);
    assertThat(recordsSent(sized.json())).isEqualTo(90);

    JsonNode offsets = ok(Json.get(cluster.url("/v1/topics/topic1/offsets")));
    assertThat(offsets).hasSize(3);
    long sum = 0;
    for (int i = 0; i < 3; i++) {
      String partition = Integer.toString(2 - i);
      JsonNode entry = offsets.get(i);
      assertThat(Seed.fieldNames(entry)).as("highest partition first, as in the seed").containsExactly(partition);
      assertThat(entry.path(partition).isTextual()).as("offsets are strings, as in the seed").isTrue();
      assertThat(entry.path(partition).asText()).matches("\\d+");
      sum += Long.parseLong(entry.path(partition).asText());
    }
    assertThat(sum).as("records in topic1").isEqualTo(1100);
    assertThat(state.endOffsets("topic1").values().stream().mapToLong(Long::longValue).sum())
        .as("end offsets as a consumer sees them").isEqualTo(1100);
    DcosCli.Run cliOffsets = cluster.cli().kafka("topic", "offsets", "topic1");
    assertCliOk(cliOffsets);
    assertThat(cliOffsets.json()).isEqualTo(offsets);
  }

  @Test
  @Order(4)
  void partitionsGrowTheTopic() {
    assertSuccess(ok(Json.put(cluster.url("/v1/topics/topic1?operation=partitions&partitions=4"))), PARTITIONS_CHANGED);
    DcosCli.Run cli = cluster.cli().kafka("topic", "partitions", "topic0", "5");
    assertCliOk(cli);
    assertSuccess(cli.json(), PARTITIONS_CHANGED);

    seen("topic1 with 4 partitions", () -> state.partitionCount("topic1") == 4);
    seen("topic0 with 5 partitions", () -> state.partitionCount("topic0") == 5);
    assertThat(ok(Json.get(cluster.url("/v1/topics/topic0"))).path("partitions")).hasSize(5);
  }

  @Test
  @Order(5)
  void configSetsAndDeleteConfigUnsetsATopicValue() {
    assertSuccess(ok(Json.put(cluster.url("/v1/topics/topic1?operation=config&key=cleanup.policy&value=compact"))),
        "Updated config for topic \"topic1\".\n");
    DcosCli.Run cli = cluster.cli().kafka("topic", "config", "topic0", "cleanup.policy", "compact");
    assertCliOk(cli);
    assertSuccess(cli.json(), "Updated config for topic \"topic0\".\n");
    seen("topic1 compacted", () -> "compact".equals(state.topicConfigs("topic1").get("cleanup.policy")));
    seen("topic0 compacted", () -> "compact".equals(state.topicConfigs("topic0").get("cleanup.policy")));

    assertSuccess(ok(Json.put(cluster.url("/v1/topics/topic1?operation=deleteConfig&key=cleanup.policy"))),
        "Updated config for topic \"topic1\".\n");
    DcosCli.Run unset = cluster.cli().kafka("topic", "delete_config", "topic0", "--key=cleanup.policy");
    assertCliOk(unset);
    assertSuccess(unset.json(), "Updated config for topic \"topic0\".\n");
    seen("topic1 back to the default policy", () -> !state.topicConfigs("topic1").containsKey("cleanup.policy"));
    seen("topic0 back to the default policy", () -> !state.topicConfigs("topic0").containsKey("cleanup.policy"));
  }

  @Test
  @Order(6)
  void healthListsAreEmptyOnAHealthyCluster() {
    for (String list : List.of("under_replicated_partitions", "unavailable_partitions")) {
      assertSuccess(ok(Json.get(cluster.url("/v1/topics/" + list))), "");
      DcosCli.Run cli = cluster.cli().kafka("topic", list);
      assertCliOk(cli);
      assertSuccess(cli.json(), "");
    }
  }

  @Test
  @Order(7)
  void deleteMarksTheTopicForDeletion() {
    assertSuccess(ok(Json.delete(cluster.url("/v1/topics/topic1"))),
        "Topic topic1 is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true.\n");
    DcosCli.Run cli = cluster.cli().kafka("topic", "delete", "topic0");
    assertCliOk(cli);
    assertSuccess(cli.json(),
        "Topic topic0 is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true.\n");

    assertThat(texts(ok(Json.get(cluster.url("/v1/topics"))))).doesNotContain("topic1", "topic0");
    Poll.untilTrue("Kafka to delete topic1 and topic0", LocalCluster.BROKERS_UP,
        () -> !state.topicNames().contains("topic1") && !state.topicNames().contains("topic0"));
    assertThat(Json.get(cluster.url("/v1/topics/topic1")).status()).isEqualTo(404);
    assertThat(Set.copyOf(texts(cluster.cli().kafka("topic", "list").json()))).doesNotContain("topic1", "topic0");
  }

  /** Kafka's view of a change may lag the answer by a metadata update: ask until it shows. */
  private static void seen(String what, Callable<Boolean> condition) {
    Poll.untilTrue(what + " (as Kafka's admin client sees it)", Duration.ofSeconds(60), condition);
  }

  private long totalOffset() {
    return total(ok(Json.get(cluster.url("/v1/topics/topic1/offsets"))));
  }

  /** The sum of the offsets in an answer of {@code GET /v1/topics/<t>/offsets}. */
  private static long total(JsonNode offsets) {
    long total = 0;
    for (JsonNode entry : offsets) {
      total += Long.parseLong(entry.elements().next().asText());
    }
    return total;
  }

  private static int recordsSent(JsonNode envelope) {
    assertThat(envelope.path("exit_code").asInt()).as("%s", envelope).isZero();
    assertThat(envelope.path("stderr").asText()).isEmpty();
    Matcher line = PRODUCER_LINE.matcher(envelope.path("stdout").asText());
    assertThat(line.matches()).as("the producer-performance line: %s", envelope.path("stdout").asText()).isTrue();
    return Integer.parseInt(line.group(1));
  }
}
