package io.kafkamesos.local.actor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all master and agent state, as libprocess gives each Mesos process one:
 * HTTP handlers and timers hand their work to it, so state needs no locks and events leave in
 * the order they happened. Slow work (fetching, process start) runs elsewhere and posts back.
 */
public final class EventLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  private final ScheduledExecutorService thread;

  public EventLoop(String name) {
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs the action on the loop and waits for its result; exceptions come back as they were. */
  public <T> T call(Callable<T> action) {
    try {
      return thread.submit(action).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("event loop busy for 60s", e);
    }
  }

  public void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  /** Runs later on the loop; failures are logged, never lost silently. */
  public void post(Runnable action) {
    if (!thread.isShutdown()) {
      thread.execute(() -> safely(action));
    }
  }

  public ScheduledFuture<?> schedule(Duration delay, Runnable action) {
    return thread.schedule(() -> safely(action), Math.max(0, delay.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  public ScheduledFuture<?> every(Duration period, Runnable action) {
    return thread.scheduleWithFixedDelay(() -> safely(action), period.toMillis(),
        period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void safely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("event loop action failed; state is kept", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
