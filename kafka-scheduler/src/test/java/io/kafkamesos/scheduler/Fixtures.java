package io.kafkamesos.scheduler;

import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.SchedulerAssembly;
import io.kafkamesos.scheduler.core.TargetResolver;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.SettingsParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/** Builders of settings, schedulers and offers for the scheduler's tests. */
public final class Fixtures {

  public static final FrameworkID FRAMEWORK_ID = FrameworkID.newBuilder().setValue("fw-1").build();

  private Fixtures() {
  }

  /** The required variables plus the given ones. */
  /**
   * A scheduler environment; its cluster runs Kafka 3.9.1 in ZooKeeper mode unless the test names
   * a version ({@code "KAFKA_VERSION", ""} leaves the scheduler to its default: 4.4.0, KRaft).
   */
  public static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_VERSION", "3.9.1");
    env.put("KAFKA_URI", "file:///dist/kafka-dist.tar.gz");
    env.put("EXECUTOR_URI", "file:///dist/kafka-executor.jar");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  public static SchedulerSettings settings(String... keyValues) {
    return SettingsParser.parse(env(keyValues));
  }

  /**
   * A scheduler as the application builds it ({@link SchedulerAssembly}), with the edges given: the
   * target of {@code env} resolved against the edges' store, as on a start. Not loaded yet.
   */
  public static BrokerScheduler scheduler(SchedulerSettings env, SchedulerAssembly.Behaviour behaviour,
      SchedulerAssembly.Edges edges) {
    TargetResolver.Resolution target = new TargetResolver(name -> edges.store(), name -> Optional.empty(),
        edges.clock()).resolve(env, behaviour.plan());
    return SchedulerAssembly.assemble(target, behaviour, edges);
  }

  /** {@link #scheduler(SchedulerSettings, SchedulerAssembly.Behaviour, SchedulerAssembly.Edges)} with the defaults. */
  public static BrokerScheduler scheduler(SchedulerSettings env, SchedulerAssembly.Edges edges) {
    return scheduler(env, SchedulerAssembly.Behaviour.defaults(), edges);
  }

  /** Builds an offer from one agent. */
  public static OfferBuilder offer(String agentId, String hostname) {
    return new OfferBuilder(agentId, hostname);
  }

  public static final class OfferBuilder {
    private final Offer.Builder offer;
    private static int next;

    OfferBuilder(String agentId, String hostname) {
      offer = Offer.newBuilder()
          .setId(OfferID.newBuilder().setValue("offer-" + agentId + "-" + (next++)))
          .setFrameworkId(FRAMEWORK_ID)
          .setAgentId(AgentID.newBuilder().setValue(agentId))
          .setHostname(hostname);
    }

    /** Unreserved cpus, mem, disk and a port range. */
    public OfferBuilder unreserved(double cpus, double mem, double disk, int portBegin, int portEnd) {
      offer.addResources(scalar("cpus", cpus));
      offer.addResources(scalar("mem", mem));
      offer.addResources(scalar("disk", disk));
      offer.addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
          .setRanges(Value.Ranges.newBuilder().addRange(
              Value.Range.newBuilder().setBegin(portBegin).setEnd(portEnd))));
      return this;
    }

    /** Adds resources as they are (e.g. the reserved ones of an earlier RESERVE/CREATE). */
    public OfferBuilder resources(List<Resource> resources) {
      offer.addAllResources(resources);
      return this;
    }

    public Offer build() {
      return offer.build();
    }

    private static Resource scalar(String name, double value) {
      return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
          .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("kafka0-role"))
          .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }
  }
}
