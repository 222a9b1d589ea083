package io.kafkamesos.scheduler.api;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static io.kafkamesos.scheduler.api.ApiExtensions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.core.SchedulerAssembly;
import io.kafkamesos.scheduler.Fixtures;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.BrokerService;
import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.core.EventLoop;
import io.kafkamesos.scheduler.core.SchedulerMetrics;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.Reservation;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replace, remove and the reservations listing on Dropwizard's in-memory Jersey: shapes and errors. */
@ExtendWith(DropwizardExtensionsSupport.class)
class FaultApiTest {

  private static final SchedulerSettings SETTINGS = settings("BROKER_COUNT", "3", "BROKER_PV", "TRUE");
  private static final FakeKafkaRegistry REGISTRY = new FakeKafkaRegistry();
  private static final InMemoryStateStore STORE = new InMemoryStateStore();
  /** Every topic has replication factor 3: no broker of three may leave. */
  private static final ClusterOps OPS = new ClusterOps() {
    @Override
    public ClusterView view(Set<Integer> brokers) {
      return new ClusterView(brokers, Set.of(0), -1, List.of(new ClusterView.PartitionState("orders", 0,
          List.of(0, 1, 2), List.of(0, 1, 2), 2)));
    }

    @Override
    public void electPreferredLeaders(int brokerId) {
    }

    @Override
    public void applyDynamicConfigs(Map<String, String> set, Set<String> remove) {
    }

    @Override
    public void reassign(Map<String, Map<Integer, List<Integer>>> replicas) {
    }
  };
  private static final EventLoop LOOP;
  private static final BrokerService BROKERS;

  static {
    STORE.storeBroker(new BrokerRecord(0, BrokerState.RUNNING, "broker-0__a", null, "a0", "host0", 31000,
        new Reservation("a0", "host0", "v0", 1.1, 640, 1000, 31000), SETTINGS.brokerConfigId(), null,
        "TASK_RUNNING", null, 0, 0, 1));
    BrokerScheduler scheduler = Fixtures.scheduler(SETTINGS, new SchedulerAssembly.Edges(STORE,
        (SchedulerDriver) java.lang.reflect.Proxy.newProxyInstance(FaultApiTest.class.getClassLoader(),
            new Class<?>[] {SchedulerDriver.class}, (proxy, method, args) -> null),
        REGISTRY, OPS, new SchedulerMetrics(new MetricRegistry()), Clock.systemUTC()));
    LOOP = new EventLoop(scheduler, "test-loop");
    LOOP.start(Duration.ofSeconds(1));
    BROKERS = new BrokerService(SETTINGS, scheduler, LOOP, REGISTRY);
  }

  static final ResourceExtension API = ApiExtensions.of(
      new BrokersResource(BROKERS),
      new ReservationsResource(BROKERS));

  @AfterAll
  static void stopLoop() {
    LOOP.close();
  }

  @Test
  void replacingARunningBrokerIs409UnlessForced() throws Exception {
    Response r = API.target("/v1/brokers/0/replace").request().put(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(json(r).get("message").asText()).contains("throws its data away").contains("force=true");

    Response bad = API.target("/v1/brokers/0/replace").queryParam("force", "maybe").request()
        .put(Entity.json(""));
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(json(bad).get("message").asText()).contains("force must be true or false");
  }

  @Test
  void replaceAnswersTheNewTaskId() throws Exception {
    Response r = API.target("/v1/brokers/2/replace").request().put(Entity.json(""));
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("broker").asInt()).isEqualTo(2);
    assertThat(body.get("taskId").asText()).matches("broker-2__[0-9a-f-]{36}");
  }

  @Test
  void unknownBrokersAre404() throws Exception {
    assertThat(API.target("/v1/brokers/9/replace").request().put(Entity.json("")).getStatus()).isEqualTo(404);
    Response r = API.target("/v1/brokers/9").request().delete();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(json(r).get("message").asText()).startsWith("broker 9 does not exist");
  }

  @Test
  void removeIsRefusedWith409AndTheReason() throws Exception {
    Response r = API.target("/v1/brokers/1").request().delete();
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(json(r).get("message").asText())
        .contains("topic orders has replication factor 3 but only 2 brokers [0, 2] would remain");
  }

  @Test
  void reservationsListOrphansAndAbandonedAndDeleteUnknownIs404() throws Exception {
    Response list = API.target("/v1/reservations").request().get();
    assertThat(list.getStatus()).isEqualTo(200);
    JsonNode body = json(list);
    assertThat(body.get("orphans").isArray()).isTrue();
    assertThat(body.get("abandoned").isArray()).isTrue();
    assertThat(json(API.target("/v1/reservations/orphans").request().get()).isArray()).isTrue();
    Response gone = API.target("/v1/reservations/no-such-volume").request().delete();
    assertThat(gone.getStatus()).isEqualTo(404);
    assertThat(json(gone).get("message").asText()).contains("no orphan reservation no-such-volume");
  }
}
