package io.kafkamesos.it.api;

import static io.kafkamesos.it.api.Seed.assertCliRefused;
import static io.kafkamesos.it.api.Seed.assertRefused;
import static io.kafkamesos.it.api.Seed.ok;
import static io.kafkamesos.it.api.Seed.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every refusal of issue 4 (404 unknown topic, 400 bad name, partitions below 1, replication above
 * the brokers, fewer partitions, unknown config key, bad value), through the API and the CLI: a JSON
 * message that names the problem, a failing CLI that prints it, and the cluster exactly as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ApiClusterExtension.class)
class TopicErrorsIT {
  /** A topic with two partitions, two replicas, a value set on it and records in it. */
  private static final String KEPT = "kept";
  /** A name that no request may create. */
  private static final String FRESH = "fresh";

  private ApiCluster cluster;
  private TopicState state;
  private TopicState.Snapshot before;
  private Set<String> topicsBefore;

  @BeforeAll
  void createTopic(ApiCluster cluster) {
    this.cluster = cluster;
    this.state = new TopicState(cluster);
    ok(Json.post(cluster.url("/v1/topics?name=" + KEPT + "&partitions=2&replication=2")));
    ok(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=config&key=retention.ms&value=86400000")));
    ok(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=producer-test&messages=20&acks=all")));
    Poll.untilTrue(KEPT + " settled", Duration.ofSeconds(60), () -> {
      TopicState.Snapshot now = state.snapshot(KEPT);
      return now.partitions() == 2 && "86400000".equals(now.configs().get("retention.ms"))
          && now.endOffsets().values().stream().mapToLong(Long::longValue).sum() == 20;
    });
  }

  @AfterAll
  void deleteTopic() {
    if (cluster != null) {
      state.delete(KEPT);
    }
  }

  @BeforeEach
  void rememberState() {
    before = state.snapshot(KEPT);
    topicsBefore = state.topicNames();
  }

  /** Nothing of the cluster's state changed: no topic came or went, {@code kept} is as it was. */
  @AfterEach
  void nothingChanged() {
    assertThat(state.topicNames()).isEqualTo(topicsBefore);
    assertThat(state.snapshot(KEPT)).isEqualTo(before);
    assertThat(texts(ok(Json.get(cluster.url("/v1/topics"))))).doesNotContain(FRESH, "nope").contains(KEPT);
  }

  @Test
  void anUnknownTopicIsA404() {
    String nope = "does not exist";
    assertRefused(Json.get(cluster.url("/v1/topics/nope")), 404, "nope", nope);
    assertRefused(Json.get(cluster.url("/v1/topics/nope/offsets")), 404, "nope", nope);
    assertRefused(Json.put(cluster.url("/v1/topics/nope?operation=partitions&partitions=3")), 404, "nope", nope);
    assertRefused(Json.put(cluster.url("/v1/topics/nope?operation=config&key=retention.ms&value=1000")), 404,
        "nope", nope);
    assertRefused(Json.put(cluster.url("/v1/topics/nope?operation=deleteConfig&key=retention.ms")), 404,
        "nope", nope);
    // A producer on a missing topic would have the broker create it, if the API let it run.
    assertRefused(Json.put(cluster.url("/v1/topics/nope?operation=producer-test&messages=1")), 404, "nope", nope);
    assertRefused(Json.delete(cluster.url("/v1/topics/nope")), 404, "nope", nope);

    for (List<String> command : List.of(List.of("describe", "nope"), List.of("offsets", "nope"),
        List.of("partitions", "nope", "3"), List.of("config", "nope", "retention.ms", "1000"),
        List.of("producer_test", "nope", "1"), List.of("delete", "nope"))) {
      assertCliRefused(cli(command), "topic \"nope\" does not exist", "404");
    }
  }

  @Test
  void anInvalidTopicNameIsA400() {
    assertRefused(Json.post(cluster.url("/v1/topics?name=bad%24name&partitions=1&replication=1")), 400,
        "invalid topic name", "bad$name");
    assertRefused(Json.post(cluster.url("/v1/topics?name=..&partitions=1&replication=1")), 400, "invalid topic name");
    assertRefused(Json.post(cluster.url("/v1/topics?name=" + "x".repeat(250) + "&partitions=1&replication=1")), 400,
        "invalid topic name");
    assertRefused(Json.post(cluster.url("/v1/topics?partitions=1&replication=1")), 400, "name");

    assertCliRefused(cli(List.of("create", "bad$name", "--partitions=1", "--replication=1")),
        "invalid topic name", "bad$name");
  }

  @Test
  void fewerThanOnePartitionIsA400() {
    assertRefused(Json.post(cluster.url("/v1/topics?name=" + FRESH + "&partitions=0&replication=1")), 400,
        "partitions", "at least 1");
    assertRefused(Json.post(cluster.url("/v1/topics?name=" + FRESH + "&partitions=-3&replication=1")), 400,
        "partitions");
    assertRefused(Json.post(cluster.url("/v1/topics?name=" + FRESH + "&partitions=three&replication=1")), 400,
        "partitions", "three");

    assertCliRefused(cli(List.of("create", FRESH, "--partitions=0", "--replication=1")), "partitions", "at least 1");
  }

  @Test
  void moreReplicasThanBrokersIsA400() {
    assertRefused(Json.post(cluster.url("/v1/topics?name=" + FRESH + "&partitions=1&replication=4")), 400,
        "replication", "4", "3");

    assertCliRefused(cli(List.of("create", FRESH, "--partitions=1", "--replication=4")), "replication", "3");
  }

  @Test
  void fewerPartitionsThanNowIsA400() {
    assertRefused(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=partitions&partitions=1")), 400,
        KEPT, "2");
    assertRefused(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=partitions&partitions=0")), 400,
        "partitions");

    assertCliRefused(cli(List.of("partitions", KEPT, "1")), KEPT, "2");
  }

  @Test
  void anUnknownConfigKeyIsA400() {
    assertRefused(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=config&key=no.such.key&value=1")), 400,
        "no.such.key");
    assertRefused(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=deleteConfig&key=no.such.key")), 400,
        "no.such.key");

    assertCliRefused(cli(List.of("config", KEPT, "no.such.key", "1")), "no.such.key");
    assertCliRefused(cli(List.of("delete_config", KEPT, "--key=no.such.key")), "no.such.key");
  }

  @Test
  void aBadConfigValueIsA400() {
    assertRefused(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=config&key=cleanup.policy&value=sometimes")),
        400, "cleanup.policy", "sometimes");
    assertRefused(Json.put(cluster.url("/v1/topics/" + KEPT + "?operation=config&key=retention.ms&value=abc")),
        400, "retention.ms", "abc");

    assertCliRefused(cli(List.of("config", KEPT, "retention.ms", "abc")), "retention.ms", "abc");
  }

  private DcosCli.Run cli(List<String> topicCommand) {
    String[] words = new String[topicCommand.size() + 1];
    words[0] = "topic";
    for (int i = 0; i < topicCommand.size(); i++) {
      words[i + 1] = topicCommand.get(i);
    }
    return cluster.cli().kafka(words);
  }
}
