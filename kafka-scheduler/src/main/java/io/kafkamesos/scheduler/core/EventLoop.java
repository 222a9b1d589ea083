package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.mesos.SchedulerEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs everything the {@link BrokerScheduler} does on one thread, in arrival order: Mesos events,
 * API requests and a periodic tick. The scheduler thus needs no locks, and Mesos' stream thread is
 * never held up by ZooKeeper writes.
 */
public final class EventLoop implements SchedulerEvents, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final BrokerScheduler scheduler;
  /** Whether a re-plan after status updates is queued already ({@link #update}). */
  private final java.util.concurrent.atomic.AtomicBoolean tickQueued =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final ScheduledExecutorService thread;
  private final Clock clock;
  private volatile Instant lastTick;

  public EventLoop(BrokerScheduler scheduler, String name) {
    this(scheduler, name, Clock.systemUTC());
  }

  /** @param clock tells when the last tick ran (see {@link #lastTick()}) */
  public EventLoop(BrokerScheduler scheduler, String name, Clock clock) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.clock = Objects.requireNonNull(clock);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the scheduler's state and starts ticking every {@code tick}. */
  public void start(Duration tick) {
    call(() -> {
      scheduler.load();
      return null;
    });
    lastTick = clock.instant();
    thread.scheduleWithFixedDelay(() -> run("tick", () -> {
      try {
        scheduler.tick();
      } finally {
        lastTick = clock.instant();
      }
    }), tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * When the last periodic tick finished (or the loop started); empty before {@link #start}. A tick
   * that throws still counts as run: it is the loop's liveness, not the scheduler's health.
   */
  public Optional<Instant> lastTick() {
    return Optional.ofNullable(lastTick);
  }

  /**
   * Runs a request on the loop and waits for its answer.
   *
   * @throws RuntimeException what the request threw, or {@link SchedulerUnavailableException}
   */
  public <T> T call(Callable<T> request) {
    try {
      return thread.submit(request).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new SchedulerUnavailableException("request failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new SchedulerUnavailableException("the scheduler did not answer within "
          + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerUnavailableException("interrupted", e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new SchedulerUnavailableException("the scheduler is shutting down", e);
    }
  }

  @Override
  public void subscribed(FrameworkID frameworkId) {
    run("subscribed", () -> scheduler.subscribed(frameworkId));
  }

  @Override
  public void offers(List<Offer> offers) {
    run("offers", () -> scheduler.offers(offers));
  }

  @Override
  public void rescinded(OfferID offerId) {
    run("rescind", () -> scheduler.rescinded(offerId));
  }

  /**
   * Handles the update at once (its acknowledgement included) and re-plans once after the events
   * queued by then: a wave of status updates (every broker's TASK_STARTING and TASK_RUNNING of a
   * launch, a reconciliation) costs one re-plan, not one per update.
   */
  @Override
  public void update(TaskStatus status) {
    run("update", () -> {
      scheduler.handle(status);
      tickAfterQueued();
    });
  }

  private void tickAfterQueued() {
    if (tickQueued.compareAndSet(false, true)) {
      run("tick after status updates", () -> {
        tickQueued.set(false);
        scheduler.tick();
      });
    }
  }

  @Override
  public void error(String message) {
    run("error", () -> scheduler.error(message));
  }

  @Override
  public void disconnected(String reason) {
    run("disconnected", () -> scheduler.disconnected(reason));
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }

  private void run(String what, Runnable task) {
    try {
      thread.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // an exception here must not kill the loop: the next event or tick tries again
          LOG.error("handling {} failed", what, e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("dropping {}: the scheduler is shutting down", what);
    }
  }
}
