package io.kafkamesos.scheduler;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.scheduler.core.FrameworkService;
import io.kafkamesos.scheduler.core.SchedulerLifecycle;
import io.kafkamesos.scheduler.leader.ApiGate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leader built, as its lifecycle drives it: the framework (event loop and Mesos
 * subscription), the API it lets through, and the parts that start with it (Kafka's ZooKeeper
 * client, the event recorder, the statsd reporter, the topic service), stopped in reverse order.
 */
final class LeaderParts implements SchedulerLifecycle.Leader {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderParts.class);

  private final FrameworkService framework;
  private final ApiGate api;
  private final List<Managed> parts;
  private final List<Managed> started = new ArrayList<>();

  LeaderParts(FrameworkService framework, ApiGate api, List<Managed> parts) {
    this.framework = Objects.requireNonNull(framework);
    this.api = Objects.requireNonNull(api);
    this.parts = List.copyOf(parts);
  }

  @Override
  public synchronized void load() {
    for (Managed part : parts) {
      if (!started.contains(part)) {
        try {
          part.start();
        } catch (Exception e) {
          throw new IllegalStateException("cannot start " + part + ": " + e.getMessage(), e);
        }
        started.add(part);
      }
    }
    framework.load();
    api.open();
  }

  @Override
  public void subscribe() {
    framework.subscribe();
  }

  @Override
  public void pause(String reason) {
    framework.pause(reason);
  }

  @Override
  public synchronized void stop() {
    framework.stop();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (Exception e) {
        LOG.warn("Stopping {}: {}", started.get(i), e.getMessage());
      }
    }
    started.clear();
  }

  @Override
  public Optional<Instant> lastTick() {
    return framework.lastTick();
  }
}
