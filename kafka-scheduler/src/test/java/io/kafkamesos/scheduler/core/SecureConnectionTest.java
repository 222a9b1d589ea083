package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15: {@code /v1/connection} of a secure cluster, and where the scheduler's clients connect. */
class SecureConnectionTest {

  private final SchedulerSettings settings = settings("BROKER_COUNT", "3");
  private final FakeKafkaRegistry registry = new FakeKafkaRegistry();
  private final BrokerScheduler scheduler = Fixtures.scheduler(settings, new SchedulerAssembly.Edges(
      new InMemoryStateStore(),
      (SchedulerDriver) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {SchedulerDriver.class}, (proxy, method, args) -> null),
      registry, new FakeClusterOps(registry),
      new SchedulerMetrics(new MetricRegistry()), Clock.systemUTC()));
  private final EventLoop loop = new EventLoop(scheduler, "test-loop");
  private final BrokerService brokers = new BrokerService(settings, scheduler, loop, registry);

  @AfterEach
  void stop() {
    loop.close();
  }

  private void secure(int id, String host, int port, boolean plaintext) {
    registry.registrations.put(id, "{\"listener_security_protocol_map\":{\"CLIENT\":\"SASL_SSL\","
        + "\"INTERNAL\":\"SSL\"" + (plaintext ? ",\"PLAINTEXT\":\"PLAINTEXT\"" : "") + "},\"endpoints\":["
        + (plaintext ? "\"PLAINTEXT://" + host + ":" + (port + 2) + "\"," : "")
        + "\"CLIENT://" + host + ":" + port + "\",\"INTERNAL://" + host + ":" + (port + 1) + "\"],"
        + "\"host\":" + (plaintext ? "\"" + host + "\"" : "null") + ",\"port\":"
        + (plaintext ? port + 2 : -1) + ",\"version\":5}");
  }

  @Test
  void clientsGetTheClientListenerAndEachProtocolTheSchedulerItsInternalOne() {
    secure(0, "h0", 31000, true);
    secure(1, "h1", 31000, true);

    BrokerService.Connection connection = brokers.connection();

    assertThat(connection.brokers()).containsExactly("h0:31000", "h1:31000");
    assertThat(connection.listeners()).isEqualTo(Map.of(
        "PLAINTEXT", List.of("h0:31002", "h1:31002"), "SASL_SSL", List.of("h0:31000", "h1:31000")));
    assertThat(brokers.bootstrapServers()).isEqualTo("h0:31001,h1:31001");
  }

  @Test
  void aClusterWithoutTlsAnswersAsBefore() {
    registry.register(0, "h0", 31000);

    BrokerService.Connection connection = brokers.connection();

    assertThat(connection.brokers()).containsExactly("h0:31000");
    assertThat(connection.listeners()).isNull();
    assertThat(brokers.bootstrapServers()).isEqualTo("h0:31000");
  }
}
