package io.kafkamesos.scheduler.observability;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.scheduler.core.SchedulerView;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fills the {@link EventLog} by comparing the scheduler's published pictures every {@code period}.
 * It reads what the scheduler publishes and never touches the scheduler's thread; the price is that
 * a state held for less than one period may be seen only through its consequences (a failure still
 * shows, as the failure count grows).
 */
public final class EventRecorder implements Managed {

  private final Supplier<SchedulerView> views;
  private final EventLog log;
  private final Clock clock;
  private final Duration period;
  private SchedulerView last;
  private ScheduledExecutorService timer;

  public EventRecorder(Supplier<SchedulerView> views, EventLog log, Clock clock, Duration period) {
    this.views = Objects.requireNonNull(views);
    this.log = Objects.requireNonNull(log);
    this.clock = Objects.requireNonNull(clock);
    this.period = Objects.requireNonNull(period);
  }

  /** Compares the current picture with the last one and logs the difference. */
  public synchronized void poll() {
    SchedulerView now = views.get();
    if (last == null) {
      // what the scheduler found in its store is where the story starts, not news
      log.add(new SchedulerEvent(clock.instant(), -1, "scheduler", "scheduler started; "
          + now.brokerCount() + " brokers expected; known: " + (now.records().isEmpty() ? "none"
          : now.records().values().stream().map(r -> r.brokerId() + "=" + r.state()).toList())));
    } else {
      ViewDiff.between(last, now, clock.instant()).forEach(log::add);
    }
    last = now;
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "event-recorder");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        poll();
      } catch (RuntimeException e) {
        // a bad picture must not end the timer; the next one is compared with the last good one
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
