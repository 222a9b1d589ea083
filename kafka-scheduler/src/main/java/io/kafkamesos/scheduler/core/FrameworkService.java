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
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos framework's life in the scheduler that leads: {@link #load()} loads the stored state and
 * starts the event loop, {@link #subscribe()} subscribes (with the stored framework id, if any);
 * {@link #pause} drops the subscription at once when the leadership is in doubt, and {@link #stop}
 * drops it without tearing the framework down, so that Mesos keeps the brokers running until a
 * scheduler is back (failover).
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
  private final EventTranslator translator;
  private MesosClient<Call, Event> client;
  private volatile String lastKnownId;
  private boolean loaded;

  public FrameworkService(SchedulerSettings settings, StateStore store, EventLoop loop,
      MesosSchedulerDriver driver, String user, Clock clock, MesosConnection connection) {
    this.settings = Objects.requireNonNull(settings);
    this.store = Objects.requireNonNull(store);
    this.loop = Objects.requireNonNull(loop);
    this.driver = Objects.requireNonNull(driver);
    this.user = Objects.requireNonNull(user);
    this.clock = Objects.requireNonNull(clock);
    this.connection = Objects.requireNonNull(connection);
    this.translator = new EventTranslator(loop, driver);
  }

  /** Loads the state and subscribes. */
  @Override
  public void start() {
    load();
    subscribe();
  }

  /**
   * Loads the stored state and starts the event loop's ticks; again after a failure.
   *
   * @throws RuntimeException what loading threw (ZooKeeper cannot be read)
   */
  public synchronized void load() {
    if (!loaded) {
      loop.start(TICK);
      loaded = true;
    }
  }

  /** When the event loop last ticked; empty before {@link #load()}. */
  public Optional<Instant> lastTick() {
    return loop.lastTick();
  }

  /** Subscribes to the master (again after {@link #pause}) with the stored framework id. */
  public synchronized void subscribe() {
    if (client != null) {
      return;
    }
    LOG.info("Subscribing framework {} (stored id {}) to {} as user {}, role {}",
        settings.frameworkName(), storedFrameworkId().orElse("none"), connection.describe(), user,
        settings.role());
    client = connection.<Call, Event>builder(MesosApi.SCHEDULER)
        .contentType(ContentType.PROTOBUF)
        // read anew on every connection: re-subscribe with the id the master gave us
        .subscribeCall(() -> FrameworkInfoFactory.subscribe(settings, user, storedFrameworkId()))
        .listener(translator)
        .clock(clock)
        .name(settings.frameworkName() + "-mesos")
        .build();
    driver.attach(client);
    client.start();
  }

  /**
   * Drops the subscription now: the client stops (no more calls, no re-subscription) and the
   * scheduler hears that it is disconnected. The framework stays registered with Mesos (failover).
   */
  public synchronized void pause(String reason) {
    if (client == null) {
      return;
    }
    LOG.warn("Dropping the Mesos subscription of framework {}: {}", settings.frameworkName(), reason);
    client.close();
    client = null;
    translator.disconnected(reason);
  }

  /** The stored id; the last one read if ZooKeeper is away (the subscription thread must not die). */
  private Optional<String> storedFrameworkId() {
    try {
      Optional<String> id = store.frameworkId();
      lastKnownId = id.orElse(null);
      return id;
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the stored framework id ({}); using {}", e.getMessage(), lastKnownId);
      return Optional.ofNullable(lastKnownId);
    }
  }

  @Override
  public synchronized void stop() {
    LOG.info("Stopping framework {} (failover: Mesos keeps its brokers for {})",
        settings.frameworkName(), settings.failoverTimeout());
    if (client != null) {
      client.close();
      client = null;
    }
    loop.close();
  }
}
