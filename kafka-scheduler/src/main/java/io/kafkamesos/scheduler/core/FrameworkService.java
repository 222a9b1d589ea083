package io.kafkamesos.scheduler.core;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.scheduler.mesos.EventTranslator;
import io.kafkamesos.scheduler.mesos.FrameworkInfoFactory;
import io.kafkamesos.scheduler.mesos.MesosConnection;
import io.kafkamesos.scheduler.mesos.MesosSchedulerDriver;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos framework's life inside Dropwizard: on start it loads the stored state and subscribes
 * (with the stored framework id, if any); on stop it drops the subscription without tearing the
 * framework down, so that Mesos keeps the brokers running until the scheduler is back (failover).
 */
public final class FrameworkService implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(FrameworkService.class);
  static final Duration TICK = Duration.ofSeconds(1);

  private final SchedulerSettings settings;
  private final StateStore store;
  private final EventLoop loop;
  private final MesosSchedulerDriver driver;
  private final String user;
  private final Clock clock;
  private final MesosConnection connection;
  private MesosClient<Call, Event> client;
  private volatile String lastKnownId;

  public FrameworkService(SchedulerSettings settings, StateStore store, EventLoop loop,
      MesosSchedulerDriver driver, String user, Clock clock, MesosConnection connection) {
    this.settings = Objects.requireNonNull(settings);
    this.store = Objects.requireNonNull(store);
    this.loop = Objects.requireNonNull(loop);
    this.driver = Objects.requireNonNull(driver);
    this.user = Objects.requireNonNull(user);
    this.clock = Objects.requireNonNull(clock);
    this.connection = Objects.requireNonNull(connection);
  }

  @Override
  public void start() {
    loop.start(TICK);
    LOG.info("Subscribing framework {} (stored id {}) to {} as user {}, role {}",
        settings.frameworkName(), store.frameworkId().orElse("none"), connection.describe(), user,
        settings.role());
    client = connection.<Call, Event>builder(MesosApi.SCHEDULER)
        .contentType(ContentType.PROTOBUF)
        // read anew on every connection: re-subscribe with the id the master gave us
        .subscribeCall(() -> FrameworkInfoFactory.subscribe(settings, user, storedFrameworkId()))
        .listener(new EventTranslator(loop, driver))
        .clock(clock)
        .name(settings.frameworkName() + "-mesos")
        .build();
    driver.attach(client);
    client.start();
  }

  /** The stored id; the last one read if ZooKeeper is away (the subscription thread must not die). */
  private java.util.Optional<String> storedFrameworkId() {
    try {
      java.util.Optional<String> id = store.frameworkId();
      lastKnownId = id.orElse(null);
      return id;
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the stored framework id ({}); using {}", e.getMessage(), lastKnownId);
      return java.util.Optional.ofNullable(lastKnownId);
    }
  }

  @Override
  public void stop() {
    LOG.info("Stopping framework {} (failover: Mesos keeps its brokers for {})",
        settings.frameworkName(), settings.failoverTimeout());
    if (client != null) {
      client.close();
    }
    loop.close();
  }
}
