package io.kafkamesos.local.agent;

import io.kafkamesos.commons.mesos.MesosDuration;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.process.ProcessTree;
import io.kafkamesos.local.proto.Statuses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's containerizer without isolation: a container is a sandbox directory and a process
 * tree. Fetching and starting happen on worker threads; results come back to the event loop.
 *
 * <p>When an executor ends, Mesos destroys its container, and with it every process the executor
 * started (a cgroup or a process session holds them). mesos-local starts each executor in a
 * session of its own and notes its descendants every {@link #MEMBERSHIP_SCAN} ({@link ProcessTree},
 * shared with Marathon's tasks), and kills what is still alive when the executor exits, so that a
 * broker does not outlive an executor killed with SIGKILL.
 *
 * <p>Benchmark only: with {@link AgentSettings#standInExecutors()} a custom executor's container
 * is a sandbox and an in-process {@link StandInExecutor} instead (nothing fetched, no process).
 */
final class Containers {

  private static final Logger LOG = LoggerFactory.getLogger(Containers.class);
  private static final Duration KILL_ESCALATION = Duration.ofSeconds(3);
  static final Duration MEMBERSHIP_SCAN = Duration.ofSeconds(1);

  private final AgentState state;
  private final AgentSettings settings;
  private final EventLoop loop;
  private final ExecutorService workers;
  private final Callbacks callbacks;
  private final FetcherCache cache;
  private final Fetcher fetcher;

  /** What the agent does when a container starts or ends. */
  interface Callbacks {
    void started(ExecutorRun run);

    void exited(ExecutorRun run, int status);
  }

  Containers(AgentState state, AgentSettings settings, EventLoop loop, ExecutorService workers,
      Callbacks callbacks) {
    this.state = Objects.requireNonNull(state);
    this.settings = Objects.requireNonNull(settings);
    this.loop = Objects.requireNonNull(loop);
    this.workers = Objects.requireNonNull(workers);
    this.callbacks = Objects.requireNonNull(callbacks);
    this.cache = new FetcherCache(FetcherCache.directory(settings.fetcherCacheDir(), state.id()),
        settings.fetcherCacheSize());
    this.fetcher = new Fetcher(Optional.of(cache));
  }

  /** The agent's fetcher cache. */
  FetcherCache cache() {
    return cache;
  }

  void launch(ExecutorRun run, FrameworkInfo framework) {
    // the built-in command executor is the agent itself: its task gets no token (Mesos' command
    // executor removes it from the task's environment)
    Optional<String> token = run.command ? Optional.empty() : settings.executorTokens()
        .map(t -> t.issue(run.frameworkId.getValue(), run.id(), run.containerId));
    var env = ExecutorLauncher.environment(state.info, framework, run.info, run.directory,
        settings.shutdownGracePeriod(), settings.reregistrationTimeout(), token);
    if (settings.standInExecutors().isPresent() && !run.command) {
      // benchmark only: nothing fetched, no process; the stand-in gets the process's environment
      StandInExecutors standIns = settings.standInExecutors().get();
      loop.post(() -> startedStandIn(run, standIns.start(env)));
      return;
    }
    workers.execute(() -> {
      try {
        Files.createDirectories(run.directory);
        fetcher.fetch(run.info.getCommand(), Optional.of(framework.getUser()), run.directory);
        Process process = ExecutorLauncher.start(run.info.getCommand(), env, run.directory);
        loop.post(() -> started(run, process));
      } catch (IOException | RuntimeException e) {
        LOG.warn("Failed to launch executor {} of framework {}: {}", run.id(),
            run.frameworkId.getValue(), e.getMessage());
        loop.post(() -> {
          run.terminationState = TaskState.TASK_FAILED;
          run.terminationReason = TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED;
          run.terminationMessage = "Failed to launch container: " + e.getMessage();
          callbacks.exited(run, -1);
        });
      }
    });
  }

  private void started(ExecutorRun run, Process process) {
    run.process = process.toHandle();
    run.tree = ProcessTree.started(process);
    run.startMillis = process.toHandle().info().startInstant().map(i -> i.toEpochMilli())
        .orElse(0L);
    LOG.info("Started executor {} of framework {} as pid {} in {}", run.id(),
        run.frameworkId.getValue(), process.pid(), run.directory);
    process.onExit().thenAccept(p -> loop.post(() -> {
      destroyLeftovers(run);
      callbacks.exited(run, p.exitValue());
    }));
    track(run);
    if (run.state == ExecutorRun.State.TERMINATING) {
      destroy(run, Duration.ZERO);
      return;
    }
    awaitRegistration(run);
    callbacks.started(run);
  }

  /** Benchmark only: the in-process stand-in of an executor process (see StandInExecutors). */
  private void startedStandIn(ExecutorRun run, StandInExecutor standIn) {
    run.standIn = standIn;
    LOG.info("Started executor {} of framework {} as an in-process stand-in (benchmark mode) in {}",
        run.id(), run.frameworkId.getValue(), run.directory);
    standIn.exit().thenAccept(status -> loop.post(() -> callbacks.exited(run, status)));
    if (run.state == ExecutorRun.State.TERMINATING) {
      destroy(run, Duration.ZERO);
      return;
    }
    awaitRegistration(run);
    callbacks.started(run);
  }

  /** A custom executor must subscribe within the registration timeout, or it is destroyed. */
  private void awaitRegistration(ExecutorRun run) {
    if (!run.command) {
      run.registrationTimer = loop.schedule(settings.registrationTimeout(), () -> {
        if (run.state == ExecutorRun.State.REGISTERING) {
          LOG.info("Terminating executor {} because it did not register within {}", run.id(),
              settings.registrationTimeout());
          run.terminationState = TaskState.TASK_FAILED;
          run.terminationReason = TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT;
          run.terminationMessage = "Executor did not register within "
              + MesosDuration.format(settings.registrationTimeout());
          run.state = ExecutorRun.State.TERMINATING;
          destroy(run, Duration.ZERO);
        }
      });
    }
  }

  /** Watches a process that survived a restart of mesos-local (not our child). */
  boolean reattach(ExecutorRun run, long pid, long startMillis) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == startMillis)
            .orElse(false));
    if (handle.isEmpty()) {
      // as Mesos' containerizer destroys an orphan container on recovery: what the executor left
      // in its session while mesos-local was down goes with it
      List<ProcessHandle> left = ProcessTree.ofLeftover(pid, Optional.empty()).leftovers();
      if (!left.isEmpty()) {
        LOG.info("Executor {} is gone, leaving processes {} in its container; killing them",
            run.id(), ProcessTree.pids(left));
        left.forEach(ProcessHandle::destroyForcibly);
      }
      return false;
    }
    run.process = handle.get();
    run.tree = ProcessTree.of(run.process);
    run.startMillis = startMillis;
    handle.get().onExit().thenRun(() -> loop.post(() -> {
      destroyLeftovers(run);
      callbacks.exited(run, -1);
    }));
    track(run);
    return true;
  }

  /** Notes the processes in the executor's container while it runs. */
  private void track(ExecutorRun run) {
    ProcessTree tree = run.tree;
    if (tree == null || !run.process.isAlive()) {
      return;
    }
    tree.note();
    loop.schedule(MEMBERSHIP_SCAN, () -> track(run));
  }

  /** The executor exited: what it left running in its container is killed, as Mesos does. */
  private static void destroyLeftovers(ExecutorRun run) {
    ProcessTree tree = run.tree;
    if (tree == null) {
      return;
    }
    List<ProcessHandle> left = tree.leftovers();
    if (!left.isEmpty()) {
      LOG.info("Executor {} exited leaving processes {} in its container; killing them",
          run.id(), ProcessTree.pids(left));
      tree.kill();
    }
  }

  /**
   * SIGTERM to the process tree after the delay, SIGKILL to what is left 3 seconds later (a
   * stand-in ends at the first).
   */
  void destroy(ExecutorRun run, Duration delay) {
    StandInExecutor standIn = run.standIn;
    if (standIn != null) {
      loop.schedule(delay, standIn::terminate);
      return;
    }
    ProcessTree tree = run.tree;
    if (tree == null) {
      return;
    }
    loop.schedule(delay, () -> {
      tree.terminate();
      loop.schedule(KILL_ESCALATION, tree::kill);
    });
  }

  /** SIGKILLs an executor's whole container at once (a machine dying, mesos-local closing). */
  static void killTree(ExecutorRun run) {
    if (run.standIn != null) {
      run.standIn.kill();
    } else if (run.tree != null) {
      run.tree.kill();
    } else if (run.process != null) {
      ProcessTree.of(run.process).kill();
    }
  }

  /** Exposes each persistent volume at its container path in the sandbox (a symlink). */
  void linkVolumes(ExecutorRun run, List<Resource> resources) {
    for (Resource r : resources) {
      if (!r.hasDisk() || !r.getDisk().hasPersistence()) {
        continue;
      }
      Path target = state.volume(r);
      Path link = run.directory.resolve(r.getDisk().getVolume().getContainerPath()).normalize();
      try {
        Files.createDirectories(target);
        Files.createDirectories(link.getParent());
        if (Files.isSymbolicLink(link)) {
          Files.delete(link);
        }
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, target);
        }
      } catch (IOException e) {
        LOG.warn("Cannot expose volume {} at {}: {}", target, link, e.getMessage());
      }
    }
  }

  /** For the command executor: the status a finished command gives its task. */
  static TaskStatus commandExit(AgentState state, ExecutorRun run, TaskRun task, int status,
      java.time.Clock clock) {
    TaskState result = task.killRequested ? TaskState.TASK_KILLED
        : status == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
    String message = task.killRequested ? "Command terminated"
        : "Command exited with status " + status;
    return Statuses.create(clock, task.info.getTaskId(), result, TaskStatus.Source.SOURCE_EXECUTOR,
        null, message, Optional.of(state.info.getId()), Optional.of(run.info.getExecutorId()),
        true);
  }
}
