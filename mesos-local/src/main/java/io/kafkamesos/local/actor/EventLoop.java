package io.kafkamesos.local.actor;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A {@link #scope} is a view of the same thread for one owner (a master process): closing it
 * cancels its timers and drops what it posts later, as when that process dies, while the loop and
 * every other scope run on.
 */
public final class EventLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  private final ScheduledExecutorService thread;
  /** Null for the loop itself; the timers of a scope, cancelled when it closes. */
  private final Set<ScheduledFuture<?>> timers;
  private volatile boolean closed;

  public EventLoop(String name) {
    this(Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }), null);
  }

  private EventLoop(ScheduledExecutorService thread, Set<ScheduledFuture<?>> timers) {
    this.thread = thread;
    this.timers = timers;
  }

  /** A view of this loop whose timers and posts end with its own {@link #close()}. */
  public EventLoop scope() {
    return new EventLoop(thread, ConcurrentHashMap.newKeySet());
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
    if (!closed && !thread.isShutdown()) {
      thread.execute(() -> safely(action));
    }
  }

  public ScheduledFuture<?> schedule(Duration delay, Runnable action) {
    return track(thread.schedule(() -> safely(action), Math.max(0, delay.toMillis()),
        TimeUnit.MILLISECONDS));
  }

  public ScheduledFuture<?> every(Duration period, Runnable action) {
    return track(thread.scheduleWithFixedDelay(() -> safely(action), period.toMillis(),
        period.toMillis(), TimeUnit.MILLISECONDS));
  }

  private ScheduledFuture<?> track(ScheduledFuture<?> future) {
    if (timers != null) {
      timers.removeIf(ScheduledFuture::isDone);
      timers.add(future);
      if (closed) {
        future.cancel(false);
      }
    }
    return future;
  }

  private void safely(Runnable action) {
    if (closed) {
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("event loop action failed; state is kept", e);
    }
  }

  /** Ends the loop's thread; for a scope, cancels only its timers and later posts. */
  @Override
  public void close() {
    closed = true;
    if (timers != null) {
      timers.forEach(t -> t.cancel(false));
      timers.clear();
      return;
    }
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
