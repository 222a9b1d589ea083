package io.kafkamesos.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.commons.mesos.TestMaster;
import io.kafkamesos.scheduler.mesos.EventTranslator;
import io.kafkamesos.scheduler.mesos.MesosConnection;
import io.kafkamesos.scheduler.mesos.MesosSchedulerDriver;
import io.kafkamesos.scheduler.mesos.SchedulerEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code mesos} health check of a scheduler whose master refuses it, and of one it takes. */
class MesosHealthCheckTest {

  private final TestMaster master;
  private MesosClient<Call, Event> client;

  MesosHealthCheckTest() throws Exception {
    master = new TestMaster();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    master.close();
  }

  @Test
  void aRefusedSecretIsNamedByItsPrincipalWithTheNextAttempt() throws Exception {
    master.onSubscribe = TestMaster.status(401, "", "WWW-Authenticate", "Basic realm=\"mesos\"");
    MesosSchedulerDriver driver = subscribe(Map.of("FRAMEWORK_SECRET", "wr0ng-s3cret"));
    MesosHealthCheck check = new MesosHealthCheck(driver, Clock.systemUTC());

    await(() -> driver.connection().flatMap(MesosClient.Status::lastFailure).isPresent());
    HealthCheck.Result result = check.execute();

    assertThat(result.isHealthy()).isFalse();
    assertThat(result.getMessage())
        .startsWith("not subscribed to the Mesos master: authentication failed for principal kafka0-principal at "
            + master.url() + " (HTTP 401); attempt 2 in ")
        .contains("s (backing off after 1 failure)")
        .doesNotContain("wr0ng-s3cret");
  }

  @Test
  void healthyOnceSubscribedNamingTheMaster() throws Exception {
    MesosSchedulerDriver driver = subscribe(Map.of());
    MesosHealthCheck check = new MesosHealthCheck(driver, Clock.systemUTC());

    await(driver::isSubscribed);

    assertThat(check.execute().getMessage()).startsWith("subscribed as framework fw to " + master.url());
  }

  private MesosSchedulerDriver subscribe(Map<String, String> env) {
    MesosSchedulerDriver driver = new MesosSchedulerDriver(Clock.systemUTC());
    client = MesosConnection.parse(master.url(), "kafka0-principal", env).<Call, Event>builder(MesosApi.SCHEDULER)
        .subscribeCall(() -> Call.newBuilder().setType(Call.Type.SUBSCRIBE).build())
        .listener(new EventTranslator(new NoEvents(), driver))
        .backoff(new Backoff(Duration.ofSeconds(20), Duration.ofSeconds(20), 1.0, 0.5))
        .build();
    driver.attach(client);
    client.start();
    return driver;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }

  private static final class NoEvents implements SchedulerEvents {
    @Override
    public void subscribed(FrameworkID frameworkId) {
    }

    @Override
    public void offers(List<Offer> offers) {
    }

    @Override
    public void rescinded(OfferID offerId) {
    }

    @Override
    public void update(TaskStatus status) {
    }

    @Override
    public void error(String message) {
    }

    @Override
    public void disconnected(String reason) {
    }
  }
}
