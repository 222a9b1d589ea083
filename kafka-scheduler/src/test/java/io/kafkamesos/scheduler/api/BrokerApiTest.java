package io.kafkamesos.scheduler.api;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static io.kafkamesos.scheduler.api.ApiExtensions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.core.SchedulerAssembly;
import io.kafkamesos.scheduler.core.FakeClusterOps;
import io.kafkamesos.scheduler.Fixtures;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.BrokerService;
import io.kafkamesos.scheduler.core.EventLoop;
import io.kafkamesos.scheduler.core.SchedulerMetrics;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker and connection endpoints in the seed's shapes, on Dropwizard's in-memory Jersey. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BrokerApiTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final SchedulerSettings SETTINGS = settings("BROKER_COUNT", "3");
  private static final FakeKafkaRegistry REGISTRY = new FakeKafkaRegistry();
  private static final BrokerScheduler SCHEDULER = Fixtures.scheduler(SETTINGS, new SchedulerAssembly.Edges(
      new InMemoryStateStore(),
      (SchedulerDriver) java.lang.reflect.Proxy.newProxyInstance(BrokerApiTest.class.getClassLoader(),
          new Class<?>[] {SchedulerDriver.class}, (proxy, method, args) -> null),
      REGISTRY, new FakeClusterOps(REGISTRY), new SchedulerMetrics(new MetricRegistry()),
      Clock.systemUTC()));
  private static final EventLoop LOOP = new EventLoop(SCHEDULER, "test-loop");
  private static final BrokerService BROKERS;

  static {
    LOOP.start(Duration.ofSeconds(1));
    BROKERS = new BrokerService(SETTINGS, SCHEDULER, LOOP, REGISTRY);
    REGISTRY.register(0, "host0", 31000);
    REGISTRY.register(1, "host1", 31001);
  }

  static final ResourceExtension API = ApiExtensions.of(
      new BrokersResource(BROKERS),
      new ConnectionResource(BROKERS));

  @AfterAll
  static void stopLoop() {
    LOOP.close();
  }

  @Test
  void listsTheRegisteredBrokerIdsAsStrings() throws Exception {
    Response r = API.target("/v1/brokers").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    // broker 2 is configured but not registered (not up): the seed lists Kafka's /brokers/ids
    assertThat(json(r)).isEqualTo(JSON.readTree("{\"brokers\":[\"0\",\"1\"]}"));
  }

  @Test
  void aBrokerIsListedWhileItIsRegistered() throws Exception {
    REGISTRY.register(2, "host2", 31002);
    try {
      assertThat(json(API.target("/v1/brokers").request().get()))
          .isEqualTo(JSON.readTree("{\"brokers\":[\"0\",\"1\",\"2\"]}"));
    } finally {
      REGISTRY.registrations.remove(2);
    }
    assertThat(json(API.target("/v1/brokers").request().get()))
        .isEqualTo(JSON.readTree("{\"brokers\":[\"0\",\"1\"]}"));
  }

  @Test
  void aBadForceIs400NamingIt() throws Exception {
    Response r = API.target("/v1/brokers/0/replace").queryParam("force", "maybe").request()
        .put(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("code").asInt()).isEqualTo(400);
    assertThat(body.get("message").asText()).isEqualTo(
        "force must be true or false, not 'maybe'");
  }

  @Test
  void describesABrokerWithItsZooKeeperRegistration() throws Exception {
    Response r = API.target("/v1/brokers/1").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getMediaType().toString()).startsWith("application/json");
    assertThat(r.readEntity(String.class)).isEqualTo(REGISTRY.registrations.get(1));
  }

  @Test
  void unknownBrokerIs404WithAJsonMessage() throws Exception {
    Response r = API.target("/v1/brokers/7").request().get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(json(r).get("message").asText())
        .isEqualTo("broker 7 does not exist: the cluster has brokers 0 to 2");

    Response restart = API.target("/v1/brokers/7").request().put(Entity.json(""));
    assertThat(restart.getStatus()).isEqualTo(404);
    assertThat(json(restart).get("message").asText()).startsWith("broker 7 does not exist");
  }

  @Test
  void unregisteredBrokerIs404SayingWhy() throws Exception {
    Response r = API.target("/v1/brokers/2").request().get();
    assertThat(r.getStatus()).isEqualTo(404);
    // never launched, or (after the restart tests, in whatever order they run) pending
    assertThat(json(r).get("message").asText())
        .matches("broker 2 is not registered in ZooKeeper: (it was never launched|its task is PENDING.*)");
  }

  @Test
  void nonNumericIdIs400() throws Exception {
    for (String bad : List.of("abc", "-1", "1.5")) {
      Response r = API.target("/v1/brokers/" + bad).request().get();
      assertThat(r.getStatus()).as(bad).isEqualTo(400);
      assertThat(json(r).get("message").asText()).startsWith("invalid broker id '" + bad + "'");
    }
  }

  @Test
  void restartAnswersTheNewTaskId() throws Exception {
    Response r = API.target("/v1/brokers/0").request().put(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode ids = json(r);
    assertThat(ids.isArray()).isTrue();
    assertThat(ids).hasSize(1);
    assertThat(ids.get(0).asText()).matches("broker-0__[0-9a-f-]{36}");
  }

  @Test
  void restartAllAnswersEveryNewTaskId() throws Exception {
    Response r = API.target("/v1/brokers").request().put(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode ids = json(r);
    assertThat(ids).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(ids.get(i).asText()).matches("broker-" + i + "__[0-9a-f-]{36}");
    }
  }

  @Test
  void connectionListsRegisteredBrokersAndTheChroot() throws Exception {
    Response r = API.target("/v1/connection").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(json(r)).isEqualTo(JSON.readTree(
        "{\"brokers\":[\"host0:31000\",\"host1:31001\"],\"zookeeper\":\"127.0.0.1:2181/kafka0\"}"));
  }
}
