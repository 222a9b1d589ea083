package io.kafkamesos.scheduler.api;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static io.kafkamesos.scheduler.api.ApiExtensions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.core.SchedulerAssembly;
import io.kafkamesos.scheduler.Fixtures;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.core.EventLoop;
import io.kafkamesos.scheduler.core.PlanService;
import io.kafkamesos.scheduler.core.SchedulerMetrics;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
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

/** {@code /v1/plan} on Dropwizard's in-memory Jersey: shapes and errors. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PlanApiTest {

  private static final SchedulerSettings SETTINGS = settings("BROKER_COUNT", "3");
  private static final InMemoryStateStore STORE = new InMemoryStateStore();
  private static final ClusterOps OPS = new ClusterOps() {
    @Override
    public ClusterView view(Set<Integer> brokers) {
      return new ClusterView(brokers, Set.of(), -1, List.of());
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
  private static final PlanSettings PLAN = new PlanSettings(Duration.ofMinutes(5), null);
  private static final BrokerScheduler SCHEDULER = Fixtures.scheduler(SETTINGS,
      new SchedulerAssembly.Behaviour(PLAN, FaultSettings.defaults(), Map.of()),
      new SchedulerAssembly.Edges(STORE,
          (SchedulerDriver) java.lang.reflect.Proxy.newProxyInstance(PlanApiTest.class.getClassLoader(),
              new Class<?>[] {SchedulerDriver.class}, (proxy, method, args) -> null),
          new FakeKafkaRegistry(), OPS, new SchedulerMetrics(new MetricRegistry()), Clock.systemUTC()));
  private static final EventLoop LOOP = new EventLoop(SCHEDULER, "test-loop");

  static {
    LOOP.start(Duration.ofSeconds(1));
  }

  static final ResourceExtension API = ApiExtensions.of(
      new PlanResource(new PlanService(SCHEDULER, LOOP)));

  @AfterAll
  static void stopLoop() {
    LOOP.close();
  }

  @Test
  void showsTheTargetPhasesAndSteps() throws Exception {
    Response r = API.target("/v1/plan").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode plan = json(r);
    assertThat(plan.path("target").path("id").asText()).isEqualTo("1");
    assertThat(plan.path("refusal").isNull()).isTrue();
    assertThat(plan.path("phases").get(0).path("name").asText()).isEqualTo("launch");
    assertThat(plan.path("phases").get(0).path("steps")).extracting(s -> s.path("id").asText())
        .containsExactly("launch-0", "launch-1", "launch-2");
    assertThat(plan.path("phases").get(1).path("name").asText()).isEqualTo("restart");
    assertThat(plan.path("phases").get(0).path("kind").asText()).isEqualTo("launch");
    assertThat(plan.path("phases").get(1).path("kind").asText()).isEqualTo("roll");
    assertThat(plan.path("phases").get(1).path("spec").path("kafkaVersion").asText())
        .isEqualTo(SETTINGS.kafka().version().version());
    assertThat(plan.path("phases").get(1).path("spec").path("pins").size()).isZero();
    assertThat(plan.path("phases").get(1).path("pointOfNoReturn").asBoolean()).isFalse();
    assertThat(plan.has("upgrade")).isTrue();
    assertThat(plan.path("upgrade").isNull()).as("no upgrade under way").isTrue();
  }

  @Test
  void interruptAndContinueAnswerThePlan() throws Exception {
    JsonNode interrupted = json(API.target("/v1/plan/interrupt").request().put(Entity.json("")));
    assertThat(interrupted.path("interrupted").asBoolean()).isTrue();
    JsonNode resumed = json(API.target("/v1/plan/continue").request().put(Entity.json("")));
    assertThat(resumed.path("interrupted").asBoolean()).isFalse();
  }

  @Test
  void restartingAnUnknownStepIs404AndAStepNotInErrorIs400() throws Exception {
    Response unknown = API.target("/v1/plan/restart").queryParam("step", "restart-9").request()
        .put(Entity.json(""));
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(json(unknown).path("message").asText()).contains("no step restart-9");

    Response notInError = API.target("/v1/plan/restart").queryParam("step", "launch-0").request()
        .put(Entity.json(""));
    assertThat(notInError.getStatus()).isEqualTo(400);
    assertThat(json(notInError).path("message").asText()).contains("only a step in ERROR");

    Response missing = API.target("/v1/plan/restart").request().put(Entity.json(""));
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat(json(missing).path("message").asText()).contains("?step=");
  }
}
