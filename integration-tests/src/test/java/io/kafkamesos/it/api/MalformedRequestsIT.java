package io.kafkamesos.it.api;

import static io.kafkamesos.it.api.Seed.ok;
import static io.kafkamesos.it.api.Seed.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.http.MalformedRequests;
import io.kafkamesos.commons.http.MalformedRequests.Endpoint;
import io.kafkamesos.commons.http.RawHttp;
import io.kafkamesos.it.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12's bad input, on the live cluster: several hundred malformed requests (raw sockets, as
 * HttpClient refuses to send most of them) at every endpoint of the API and of the admin port.
 * Each is answered 4xx/5xx with a JSON {@code {"code","message"}} and no stack trace, and none
 * changes the cluster: no broker restarts, the topic is as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ApiClusterExtension.class)
class MalformedRequestsIT {
  /** A topic every endpoint's probes aim at (t1 in the endpoint list). */
  private static final String TOPIC = "t1";

  private ApiCluster cluster;
  private TopicState state;

  @BeforeAll
  void createTopic(ApiCluster cluster) {
    this.cluster = cluster;
    this.state = new TopicState(cluster);
    ok(Json.post(cluster.url("/v1/topics?name=" + TOPIC + "&partitions=2&replication=2")));
    ok(Json.put(cluster.url("/v1/topics/" + TOPIC + "?operation=producer-test&messages=5")));
    cluster.awaitHealthy();
  }

  @AfterAll
  void deleteTopic() {
    if (cluster != null) {
      state.delete(TOPIC);
    }
  }

  @Test
  void everyMalformedRequestIsAJsonErrorAndChangesNothing() {
    Map<String, String> tasks = cluster.local().tasks(ApiCluster.NAME);
    TopicState.Snapshot topic = state.snapshot(TOPIC);
    List<String> topics = texts(ok(Json.get(cluster.url("/v1/topics"))));

    URI api = URI.create(cluster.apiUrl());
    URI admin = URI.create(cluster.scheduler().adminUrl());
    int probes = new MalformedRequests("h").of(MalformedRequests.SCHEDULER_API).size()
        + new MalformedRequests("h").of(MalformedRequests.SCHEDULER_ADMIN).size();
    List<String> bad = failures(api, MalformedRequests.SCHEDULER_API);
    bad.addAll(failures(admin, MalformedRequests.SCHEDULER_ADMIN));

    assertThat(probes).isGreaterThan(300);
    assertThat(bad).as("answers of %s malformed requests that are not a JSON error", probes).isEmpty();
    assertThat(cluster.local().tasks(ApiCluster.NAME)).as("no broker restarted").isEqualTo(tasks);
    assertThat(state.snapshot(TOPIC)).as("the topic unchanged").isEqualTo(topic);
    assertThat(texts(ok(Json.get(cluster.url("/v1/topics"))))).isEqualTo(topics);
    assertThat(texts(ok(Json.get(cluster.url("/v1/brokers"))).path("brokers"))).containsExactly("0", "1", "2");
  }

  private static List<String> failures(URI base, List<Endpoint> endpoints) {
    RawHttp http = new RawHttp(base.getHost(), base.getPort(), Duration.ofSeconds(60));
    return new java.util.ArrayList<>(MalformedRequests.failures(http,
        base.getHost() + ":" + base.getPort(), endpoints));
  }
}
