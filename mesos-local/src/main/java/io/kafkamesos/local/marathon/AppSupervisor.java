package io.kafkamesos.local.marathon;

import io.kafkamesos.local.marathon.AppStore.StoredApp;
import io.kafkamesos.local.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one app running as Marathon does: launches it on its agent's host, relaunches it with
 * Marathon's backoff ({@link LaunchDelay}) when its task ends or fails its health checks
 * ({@link HealthChecks}), redeploys it on a changed definition (old task stopped first, as the
 * upgrade strategy 0/0 asks). A task is one container ({@link ProcessTree}): however it ends, none
 * of its processes outlives it. All state is owned by the app's own thread; {@link #view()} is a
 * snapshot for any thread.
 */
final class AppSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(AppSupervisor.class);
  private static final int KEPT_SANDBOXES = 3;
  /** How often a task's processes are noted, as the agent notes an executor's. */
  private static final Duration MEMBERSHIP_SCAN = Duration.ofSeconds(1);

  private final AppStore store;
  private final Clock clock;
  private final AgentHost host;
  private final HealthProbe probe;
  private final ExecutorService probes;
  private final Map<String, String> parentEnv;
  private final ScheduledExecutorService thread;
  private final LaunchDelay delay = new LaunchDelay();

  private AppDefinition app;
  private List<Integer> ports;
  private String version;
  private long runs;
  private StoredApp leftover;
  private AppProcess current;
  private boolean stopped;
  private ScheduledFuture<?> restart;
  private ScheduledFuture<?> membership;
  private HealthChecks checks;
  private String deploymentId;
  private AppView.Failure lastFailure;
  private volatile AppView view;

  /**
   * @param host the agent the app's tasks run on
   * @param probes where health checks run (so that a slow one never holds the app's thread)
   */
  AppSupervisor(AppDefinition app, Optional<StoredApp> stored, AgentHost host, AppStore store,
      Clock clock, HealthProbe probe, ExecutorService probes, Map<String, String> parentEnv) {
    this.app = Objects.requireNonNull(app, "app");
    this.host = Objects.requireNonNull(host, "host");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.probes = Objects.requireNonNull(probes, "probes");
    this.parentEnv = Map.copyOf(parentEnv);
    // a port is free on this host only if nothing listens there, whatever the previous host
    this.ports = stored.filter(s -> s.host().isEmpty() || s.host().equals(host.hostname()))
        .map(StoredApp::ports).orElse(List.of());
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

  AgentHost host() {
    return host;
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
        delay.reset(); // a new version starts without the old one's backoff, as Marathon's
        stopCurrent();
        save();
        launch();
      } else {
        startHealthChecks();
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
    Optional<ProcessHandle> root = ProcessHandle.of(old.pid()).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(Instant::toString).orElse("")
            .equals(old.pidStarted()));
    ProcessTree tree = ProcessTree.ofLeftover(old.pid(), root);
    List<ProcessHandle> alive = tree.alive();
    if (!alive.isEmpty()) {
      LOG.info("App {}: ending processes {} left by an earlier mesos-local", app.id(),
          ProcessTree.pids(alive));
      tree.stop(app.killGrace());
    }
  }

  private void launch() {
    restart = null;
    if (stopped || current != null || app.instances() == 0) {
      deploymentId = null;
      publish();
      return;
    }
    runs++;
    String taskId = app.name() + "." + UUID.randomUUID();
    ports = PortPicker.choose(ports, app.portCount(), host.hostname());
    Path sandbox = store.appDir(app.name()).resolve("run-" + runs);
    pruneSandboxes();
    try {
      current = AppProcess.launch(app, taskId, sandbox, host.hostname(), ports, parentEnv,
          clock.instant());
    } catch (IOException | RuntimeException e) {
      LOG.warn("App {} could not start: {}", app.id(), e.getMessage());
      lastFailure = new AppView.Failure(taskId, "TASK_FAILED",
          "could not start: " + e.getMessage(), clock.instant());
      scheduleRestart();
      save();
      publish();
      return;
    }
    AppProcess started = current;
    delay.running(app.backoff(), clock.instant());
    started.onExit().thenRun(() -> {
      try {
        thread.execute(() -> exited(started));
      } catch (RejectedExecutionException e) {
        // the app is gone; nothing restarts it
      }
    });
    membership = thread.scheduleWithFixedDelay(started::note, MEMBERSHIP_SCAN.toMillis(),
        MEMBERSHIP_SCAN.toMillis(), TimeUnit.MILLISECONDS);
    deploymentId = null;
    startHealthChecks();
    save();
    publish();
  }

  private void exited(AppProcess process) {
    if (process != current) {
      return; // stopped on purpose
    }
    current = null;
    cancelMembership();
    cancelChecks();
    List<Long> killed = process.destroyContainer();
    if (!killed.isEmpty()) {
      LOG.info("App {} task {}: its shell ended leaving processes {}; killed them with the task",
          app.id(), process.taskId(), killed);
    }
    Duration ran = Duration.between(process.started(), clock.instant());
    String message = "exited with status " + process.exitValue() + " after " + ran.toSeconds()
        + " s";
    LOG.warn("App {} task {} {}", app.id(), process.taskId(), message);
    // as Mesos reports a command that ended: TASK_FINISHED for status 0, else TASK_FAILED
    lastFailure = new AppView.Failure(process.taskId(),
        process.exitValue() == 0 ? "TASK_FINISHED" : "TASK_FAILED", message, clock.instant());
    scheduleRestart();
    publish();
  }

  private void unhealthy(AppProcess process, String message) {
    if (process != current) {
      return;
    }
    LOG.warn("App {} task {} {}; killing it", app.id(), process.taskId(), message);
    lastFailure = new AppView.Failure(process.taskId(), "TASK_KILLED", message, clock.instant());
    stopCurrent();
    scheduleRestart();
    publish();
  }

  /** A task failed (or could not start): the next launch waits for Marathon's backoff. */
  private void scheduleRestart() {
    if (stopped) {
      return;
    }
    Duration wait = delay.failed(app.backoff(), clock.instant());
    LOG.info("App {} launches again in {} ms (Marathon's backoff)", app.id(), wait.toMillis());
    restart = thread.schedule(this::launch, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void stopCurrent() {
    if (restart != null) {
      restart.cancel(false);
      restart = null;
    }
    cancelChecks();
    cancelMembership();
    AppProcess process = current;
    current = null;
    if (process != null) {
      LOG.info("Stopping app {} task {}", app.id(), process);
      process.stop(app.killGrace());
    }
    publish();
  }

  private void startHealthChecks() {
    cancelChecks();
    AppProcess process = current;
    if (process == null || app.healthChecks().isEmpty()) {
      return;
    }
    checks = new HealthChecks(app.id(), app.healthChecks(), process, host, ports, probe, clock,
        thread, probes, this::publish, this::unhealthy);
    checks.start();
  }

  private void cancelChecks() {
    if (checks != null) {
      checks.cancel();
      checks = null;
    }
  }

  private void cancelMembership() {
    if (membership != null) {
      membership.cancel(false);
      membership = null;
    }
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
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
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
    store.save(app.name(), new StoredApp(app.raw(), host.hostname(), ports, version, runs,
        process == null ? 0 : process.pid(),
        process == null ? "" : process.osStartInstant().map(Instant::toString).orElse("")));
  }

  private void publish() {
    AppProcess process = current;
    Optional<AppView.TaskView> task = Optional.empty();
    if (process != null) {
      task = Optional.of(new AppView.TaskView(process.taskId(), process.pid(), host, ports,
          process.started(), process.sandbox(),
          checks == null ? List.of() : checks.results()));
    }
    view = new AppView(app, version, task, Optional.ofNullable(deploymentId),
        Optional.ofNullable(lastFailure));
  }
}
