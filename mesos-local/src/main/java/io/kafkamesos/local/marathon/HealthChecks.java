package io.kafkamesos.local.marathon;

import io.kafkamesos.local.marathon.HealthTracker.Health;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health checks of one running task, as Marathon runs them: each check ticks at its
 * {@code intervalSeconds} from its first check
 * ({@link AppDefinition.HealthCheckSpec#firstCheckDelay}),
 * one probe at a time per check (a tick while one is under way is dropped, as Marathon's stream
 * drops it); probes run on a worker so that a slow one never holds the app's thread; each result
 * is read by a {@link HealthTracker} on the app's thread, which may decide to kill the task.
 */
final class HealthChecks {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

  /** What the app does with an unhealthy task. */
  @FunctionalInterface
  interface Kill {
    void unhealthy(AppProcess task, String why);
  }

  private final String appId;
  private final AppProcess task;
  private final AgentHost host;
  private final List<Integer> ports;
  private final HealthProbe probe;
  private final Clock clock;
  private final ScheduledExecutorService appThread;
  private final ExecutorService probes;
  private final Runnable changed;
  private final Kill kill;
  private final List<Check> checks = new ArrayList<>();
  private boolean cancelled;

  private final class Check {
    final AppDefinition.HealthCheckSpec spec;
    final HealthTracker tracker;
    final int port;
    ScheduledFuture<?> ticks;
    boolean probing;

    Check(AppDefinition.HealthCheckSpec spec) {
      this.spec = spec;
      this.tracker = new HealthTracker(task.started(), spec);
      this.port = spec.portOf(ports);
    }
  }

  /**
   * @param changed called on the app's thread after every counted result (to publish the view)
   */
  HealthChecks(String appId, List<AppDefinition.HealthCheckSpec> specs, AppProcess task,
      AgentHost host, List<Integer> ports, HealthProbe probe, Clock clock,
      ScheduledExecutorService appThread, ExecutorService probes, Runnable changed, Kill kill) {
    this.appId = Objects.requireNonNull(appId);
    this.task = Objects.requireNonNull(task);
    this.host = Objects.requireNonNull(host);
    this.ports = List.copyOf(ports);
    this.probe = Objects.requireNonNull(probe);
    this.clock = Objects.requireNonNull(clock);
    this.appThread = Objects.requireNonNull(appThread);
    this.probes = Objects.requireNonNull(probes);
    this.changed = Objects.requireNonNull(changed);
    this.kill = Objects.requireNonNull(kill);
    specs.forEach(s -> checks.add(new Check(s)));
  }

  /** Schedules every check. Call on the app's thread. */
  void start() {
    for (Check check : checks) {
      check.ticks = appThread.scheduleAtFixedRate(() -> tick(check),
          check.spec.firstCheckDelay().toMillis(), check.spec.interval().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Stops every check; results still under way are dropped. Call on the app's thread. */
  void cancel() {
    cancelled = true;
    checks.forEach(c -> {
      if (c.ticks != null) {
        c.ticks.cancel(false);
      }
    });
  }

  /** Per check, the task's health; empty before the check's first counted result. */
  List<Optional<Health>> results() {
    return checks.stream().map(c -> c.tracker.health()).toList();
  }

  private void tick(Check check) {
    if (cancelled || check.probing) {
      return;
    }
    check.probing = true;
    try {
      probes.execute(() -> {
        HealthTracker.Result result = probe.check(check.spec, host.hostname(), check.port);
        try {
          appThread.execute(() -> record(check, result));
        } catch (RejectedExecutionException e) {
          // the app is gone
        }
      });
    } catch (RejectedExecutionException e) {
      check.probing = false;
    }
  }

  private void record(Check check, HealthTracker.Result result) {
    check.probing = false;
    if (cancelled) {
      return;
    }
    HealthTracker.Verdict verdict = check.tracker.record(result, clock.instant());
    if (result.kind() == HealthTracker.Result.Kind.UNHEALTHY) {
      LOG.debug("App {} task {}: {} check of port {} failed: {}", appId, task.taskId(),
          check.spec.protocol(), check.port, result.cause());
    }
    changed.run();
    if (verdict == HealthTracker.Verdict.KILL) {
      cancel();
      kill.unhealthy(task, "unhealthy: " + check.tracker.consecutiveFailures() + " "
          + check.spec.protocol() + " health checks of " + target(check) + " failed in a row"
          + " (last: " + result.cause() + ")");
    }
  }

  private String target(Check check) {
    String address = check.spec.protocol().byMesos() ? "127.0.0.1" : host.hostname();
    return check.spec.protocol().http()
        ? "http://" + address + ":" + check.port + check.spec.path()
        : address + ":" + check.port;
  }
}
