package io.kafkamesos.scheduler.core;

import static io.kafkamesos.scheduler.Fixtures.offer;

import com.codahale.metrics.MetricRegistry;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.kafka.FakeKafkaRegistry;
import io.kafkamesos.scheduler.kraft.MigrationProbe;
import io.kafkamesos.scheduler.kraft.QuorumGate;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * The edges a test drives a {@link BrokerScheduler} through its shell with: a clock, an in-memory
 * store, a recording driver and Kafka's registrations, shared by every scheduler the test starts
 * (a scheduler that takes over sees what the one before stored), and the offers of agents
 * {@code a0}, {@code a1}, … on {@code host0}, {@code host1}, …
 */
final class SchedulerShell {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryStateStore store = new InMemoryStateStore();
  final RecordingDriver driver = new RecordingDriver();
  final FakeKafkaRegistry kafka = new FakeKafkaRegistry();
  final FakeClusterOps ops = new FakeClusterOps(kafka);

  /** A scheduler of {@code env} over these edges, loaded; no quorum check, no migration. */
  BrokerScheduler scheduler(SchedulerSettings env) {
    return scheduler(env, QuorumGate.NONE, MigrationProbe.NONE);
  }

  /** A scheduler of {@code env} over these edges, loaded, asking {@code quorum}; no migration. */
  BrokerScheduler scheduler(SchedulerSettings env, QuorumGate quorum) {
    return scheduler(env, quorum, MigrationProbe.NONE);
  }

  /** A scheduler of {@code env} over these edges, loaded, asking {@code quorum} and {@code migration}. */
  BrokerScheduler scheduler(SchedulerSettings env, QuorumGate quorum, MigrationProbe migration) {
    BrokerScheduler scheduler = Fixtures.scheduler(env, new SchedulerAssembly.Edges(store, driver, kafka,
        ops, new SchedulerMetrics(new MetricRegistry()), clock, quorum, migration));
    scheduler.load();
    return scheduler;
  }

  /** Agent {@code n}'s first offer: 4 cpus, 4096 MB, 10000 MB of disk, ports 31000-31010, unreserved. */
  static Offer agent(int n) {
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).build();
  }

  /** Agent {@code n} offering again what earlier accepts reserved on it, and more. */
  Offer reservedOn(int n) {
    List<Resource> held = new ArrayList<>();
    for (RecordingDriver.Accepted a : driver.accepted) {
      if (a.offers().stream().noneMatch(o -> o.getValue().startsWith("offer-a" + n + "-"))) {
        continue;
      }
      for (Offer.Operation op : a.operations()) {
        if (op.getType() == Offer.Operation.Type.RESERVE) {
          op.getReserve().getResourcesList().stream().filter(r -> !r.getName().equals("disk"))
              .forEach(held::add);
        } else if (op.getType() == Offer.Operation.Type.CREATE) {
          held.add(op.getCreate().getVolumes(0));
        }
      }
    }
    return offer("a" + n, "host" + n).unreserved(4, 4096, 10000, 31000, 31010).resources(held).build();
  }

  /** The node spec a task was launched with. */
  static BrokerTaskSpec spec(TaskInfo task) {
    return BrokerTaskSpec.decode(task.getData().toByteArray());
  }
}
