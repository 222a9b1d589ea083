package io.kafkamesos.local;

import static io.kafkamesos.local.Fixtures.launch;
import static io.kafkamesos.local.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints figures, asserts no timings: SUBSCRIBE to first OFFERS, ACCEPT to TASK_RUNNING of a
 * trivial executor (a JVM), and how many offers a declining framework gets through per second
 * with 100 agents. Not run by {@code mvn verify}; run it with
 * {@code mvn -pl mesos-local verify -Dit.test=MesosLocalBenchmark}.
 */
class MesosLocalBenchmark {

  @TempDir
  Path workDir;

  @Test
  void printsFigures() throws Exception {
    MesosLocalConfig config = MesosLocalConfig.defaults(workDir).withAgents(100)
        .withResources("cpus:2;mem:4096;disk:20000;ports:[20000-29999]");
    try (MesosLocal local = MesosLocal.start(config);
        TestScheduler scheduler = new TestScheduler(local.masterUrl(),
            TestScheduler.framework("bench", "*"), ContentType.PROTOBUF)) {
      long t0 = System.nanoTime();
      Event first = scheduler.await(e -> e.getType() == Event.Type.OFFERS);
      long subscribeToOffers = System.nanoTime() - t0;

      Protos.Offer offer = first.getOffers().getOffers(0);
      Protos.TaskInfo task = Protos.TaskInfo.newBuilder().setName("bench")
          .setTaskId(Protos.TaskID.newBuilder().setValue("bench-1"))
          .setAgentId(offer.getAgentId())
          .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
          .setExecutor(Protos.ExecutorInfo.newBuilder()
              .setExecutorId(Protos.ExecutorID.newBuilder().setValue("bench-executor"))
              .setCommand(TestScheduler.testExecutorCommand())).build();
      int before = scheduler.events().size();
      long t1 = System.nanoTime();
      scheduler.send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept
          .newBuilder().addOfferIds(offer.getId()).addOperations(launch(task))));
      Protos.TaskStatus running = scheduler.awaitUpdate(before, "bench-1",
          TaskState.TASK_RUNNING);
      long acceptToRunning = System.nanoTime() - t1;
      scheduler.acknowledge(running);

      // decline everything at once with no filter: each round offers every agent again
      int declined = 0;
      int seen = 0; // the first OFFERS too: declining a spent offer is ignored
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long t2 = System.nanoTime();
      while (System.nanoTime() < end) {
        List<Event> events = scheduler.events();
        Call.Decline.Builder decline = Call.Decline.newBuilder()
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0));
        for (; seen < events.size(); seen++) {
          if (events.get(seen).getType() == Event.Type.OFFERS) {
            events.get(seen).getOffers().getOffersList().forEach(o ->
                decline.addOfferIds(o.getId()));
          }
        }
        if (decline.getOfferIdsCount() > 0) {
          scheduler.send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(decline));
          declined += decline.getOfferIdsCount();
        } else {
          TestScheduler.sleep(5);
        }
      }
      double seconds = (System.nanoTime() - t2) / 1e9;
      System.out.printf("BENCHMARK mesos-local: SUBSCRIBE to first OFFERS: %d ms%n",
          subscribeToOffers / 1_000_000);
      System.out.printf("BENCHMARK mesos-local: ACCEPT to TASK_RUNNING (JVM executor): %d ms%n",
          acceptToRunning / 1_000_000);
      System.out.printf("BENCHMARK mesos-local: offers made and declined with 100 agents: "
          + "%.0f per second (%d in %.1f s)%n", declined / seconds, declined, seconds);
      assertThat(declined).isPositive();
    }
  }
}
