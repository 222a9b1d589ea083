package io.kafkamesos.local.marathon;

import io.kafkamesos.local.marathon.AppStore.StoredApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one app running as Marathon does: launches it, restarts it with backoff when its process
 * ends, runs its health checks and replaces it when they fail too often, redeploys it on a
 * changed definition (old process stopped first, as the upgrade strategy 0/0 asks). All state
 * is owned by the app's own thread; {@link #view()} is a snapshot for any thread.
 */
final class AppSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(AppSupervisor.class);
  private static final int KEPT_SANDBOXES = 3;

  private final AppStore store;
  private final Clock clock;
  private final RestartBackoff backoff;
  private final HealthProbe probe;
  private final Map<String, String> parentEnv;
  private final ScheduledExecutorService thread;

  private AppDefinition app;
  private List<Integer> ports;
  private String version;
  private long runs;
  private StoredApp leftover;
  private AppProcess current;
  private boolean stopped;
  private Duration lastDelay;
  private ScheduledFuture<?> restart;
  private final List<ScheduledFuture<?>> checks = new ArrayList<>();
  private final List<HealthTracker> trackers = new ArrayList<>();
  private String deploymentId;
  private AppView.Failure lastFailure;
  private volatile AppView view;

  AppSupervisor(AppDefinition app, Optional<StoredApp> stored, AppStore store, Clock clock,
      RestartBackoff backoff, HealthProbe probe, Map<String, String> parentEnv) {
    this.app = Objects.requireNonNull(app, "app");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.parentEnv = Map.copyOf(parentEnv);
    this.ports = stored.map(StoredApp::ports).orElse(List.of());
    this.version = stored.map(StoredApp::version).orElse(clock.instant().toString());
    this.runs = stored.map(StoredApp::runs).orElse(0L);
    this.leftover = stored.orElse(null);
    this.deploymentId = UUID.randomUUID().toString();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "marathon-" + app.name());
      t.setDaemon(true);
      return t;
    });
    publish();
    save();
  }

  AppView view() {
    return view;
  }

  /** Starts the app (after ending a process an earlier mesos-local left behind). */
  void start() {
    thread.execute(() -> {
      endLeftover();
      launch();
    });
  }

  /** Replaces the definition; redeploys when the process must change. Returns the deployment. */
  String update(AppDefinition next) {
    String deployment = UUID.randomUUID().toString();
    thread.execute(() -> {
      if (stopped) {
        return;
      }
      boolean restartNeeded = app.needsRestart(next);
      app = next;
      version = clock.instant().toString();
      if (restartNeeded) {
        LOG.info("App {} changed; redeploying (deployment {})", app.id(), deployment);
        deploymentId = deployment;
        lastDelay = null;
        stopCurrent();
        save();
        launch();
      } else {
        restartHealthChecks();
        save();
      }
      publish();
    });
    return deployment;
  }

  /** Stops the app for good and forgets it; returns when its process has ended. */
  void destroy() {
    runAndWait(() -> {
      stopped = true;
      stopCurrent();
      store.delete(app.name());
      LOG.info("App {} destroyed", app.id());
    });
    thread.shutdownNow();
  }

  /** Stops the process but keeps the app stored: mesos-local is stopping. */
  void shutdown() {
    runAndWait(() -> {
      stopped = true;
      stopCurrent();
      save();
    });
    thread.shutdownNow();
  }

  private void runAndWait(Runnable action) {
    try {
      thread.submit(action).get(app.killGrace().toSeconds() + 60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("App {}: {}", app.id(), e.toString());
    }
  }

  private void endLeftover() {
    StoredApp old = leftover;
    leftover = null;
    if (old == null || old.pid() <= 0) {
      return;
    }
    ProcessHandle.of(old.pid()).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(Instant::toString).orElse("")
            .equals(old.pidStarted()))
        .ifPresent(p -> {
          LOG.info("App {}: ending process {} left by an earlier mesos-local", app.id(), p.pid());
          AppProcess.stopTree(p, app.killGrace());
        });
  }

  private void launch() {
    if (stopped || current != null || app.instances() == 0) {
      deploymentId = null;
      publish();
      return;
    }
    runs++;
    String taskId = app.name() + "." + UUID.randomUUID();
    ports = PortPicker.choose(ports, app.portCount());
    Path sandbox = store.appDir(app.name()).resolve("run-" + runs);
    pruneSandboxes();
    try {
      current = AppProcess.launch(app, taskId, sandbox, ports, parentEnv, clock.instant());
    } catch (IOException | RuntimeException e) {
      LOG.warn("App {} could not start: {}", app.id(), e.getMessage());
      lastFailure = new AppView.Failure(taskId, "could not start: " + e.getMessage(),
          clock.instant());
      scheduleRestart(Duration.ZERO);
      save();
      publish();
      return;
    }
    AppProcess started = current;
    started.onExit().thenRun(() -> {
      try {
        thread.execute(() -> exited(started));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the app is gone; nothing restarts it
      }
    });
    deploymentId = null;
    restartHealthChecks();
    save();
    publish();
  }

  private void exited(AppProcess process) {
    if (process != current) {
      return; // stopped on purpose
    }
    current = null;
    cancelChecks();
    Duration ran = Duration.between(process.started(), clock.instant());
    String message = "exited with status " + process.exitValue() + " after " + ran.toSeconds()
        + " s";
    LOG.warn("App {} task {} {}; restarting", app.id(), process.taskId(), message);
    lastFailure = new AppView.Failure(process.taskId(), message, clock.instant());
    scheduleRestart(ran);
    publish();
  }

  private void scheduleRestart(Duration ran) {
    if (stopped) {
      return;
    }
    lastDelay = backoff.next(lastDelay, ran);
    LOG.info("App {} restarts in {}", app.id(), lastDelay);
    restart = thread.schedule(this::launch, lastDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void stopCurrent() {
    if (restart != null) {
      restart.cancel(false);
      restart = null;
    }
    cancelChecks();
    AppProcess process = current;
    current = null;
    if (process != null) {
      LOG.info("Stopping app {} task {}", app.id(), process);
      process.stop(app.killGrace());
    }
    publish();
  }

  private void restartHealthChecks() {
    cancelChecks();
    AppProcess process = current;
    if (process == null) {
      return;
    }
    for (AppDefinition.HealthCheckSpec spec : app.healthChecks()) {
      HealthTracker tracker = new HealthTracker(process.started(), spec.gracePeriod(),
          spec.maxConsecutiveFailures());
      trackers.add(tracker);
      int port = ports.get(spec.portIndex());
      checks.add(thread.scheduleWithFixedDelay(() -> check(process, spec, port, tracker),
          HealthProbe.firstCheckDelay(spec).toMillis(), spec.interval().toMillis(),
          TimeUnit.MILLISECONDS));
    }
  }

  private void check(AppProcess process, AppDefinition.HealthCheckSpec spec, int port,
      HealthTracker tracker) {
    if (process != current) {
      return;
    }
    boolean ok = probe.check(spec, port);
    HealthTracker.Verdict verdict = tracker.record(ok, clock.instant());
    publish();
    if (verdict == HealthTracker.Verdict.KILL) {
      String message = "unhealthy: " + tracker.consecutiveFailures() + " health checks of "
          + spec.protocol() + " " + spec.path() + " on port " + port + " failed in a row";
      LOG.warn("App {} task {} {}; replacing it", app.id(), process.taskId(), message);
      lastFailure = new AppView.Failure(process.taskId(), message, clock.instant());
      Duration ran = Duration.between(process.started(), clock.instant());
      stopCurrent();
      scheduleRestart(ran);
      publish();
    }
  }

  private void cancelChecks() {
    checks.forEach(c -> c.cancel(false));
    checks.clear();
    trackers.clear();
  }

  private void pruneSandboxes() {
    Path dir = store.appDir(app.name());
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> runDirs = Files.list(dir)) {
      List<Path> old = runDirs.filter(p -> p.getFileName().toString().startsWith("run-"))
          .sorted((a, b) -> Long.compare(runNumber(b), runNumber(a)))
          .skip(KEPT_SANDBOXES).toList();
      for (Path p : old) {
        try (Stream<Path> files = Files.walk(p)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot prune sandboxes of {}: {}", app.id(), e.getMessage());
    }
  }

  private static long runNumber(Path runDir) {
    try {
      return Long.parseLong(runDir.getFileName().toString().substring("run-".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void save() {
    AppProcess process = current;
    store.save(app.name(), new StoredApp(app.raw(), ports, version, runs,
        process == null ? 0 : process.pid(),
        process == null ? "" : process.osStartInstant().map(Instant::toString).orElse("")));
  }

  private void publish() {
    AppProcess process = current;
    Optional<AppView.TaskView> task = Optional.empty();
    if (process != null) {
      List<Optional<Boolean>> health = trackers.stream().map(HealthTracker::healthy).toList();
      List<Integer> failures = trackers.stream().map(HealthTracker::consecutiveFailures).toList();
      task = Optional.of(new AppView.TaskView(process.taskId(), process.pid(), ports,
          process.started(), process.sandbox(), health, failures));
    }
    view = new AppView(app, version, task, Optional.ofNullable(deploymentId),
        Optional.ofNullable(lastFailure));
  }
}
