package io.kafkamesos.local.agent;

import io.kafkamesos.commons.mesos.MesosDuration;
import io.kafkamesos.local.actor.EventLoop;
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
 * started (a cgroup or a process session holds them). mesos-local has neither: it notes the
 * executor's descendants every {@link #MEMBERSHIP_SCAN} and kills those still alive when the
 * executor exits, so that a broker does not outlive an executor killed with SIGKILL.
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
  }

  void launch(ExecutorRun run, FrameworkInfo framework) {
    var env = ExecutorLauncher.environment(state.info, framework, run.info, run.directory,
        settings.shutdownGracePeriod(), settings.reregistrationTimeout());
    workers.execute(() -> {
      try {
        Files.createDirectories(run.directory);
        Fetcher.fetch(run.info.getCommand(), run.directory);
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
    callbacks.started(run);
  }

  /** Watches a process that survived a restart of mesos-local (not our child). */
  boolean reattach(ExecutorRun run, long pid, long startMillis) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == startMillis)
            .orElse(false));
    if (handle.isEmpty()) {
      return false;
    }
    run.process = handle.get();
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
    ProcessHandle process = run.process;
    if (process == null || !process.isAlive()) {
      return;
    }
    run.members.removeIf(p -> !p.isAlive());
    process.descendants().forEach(run.members::add);
    loop.schedule(MEMBERSHIP_SCAN, () -> track(run));
  }

  /** The executor exited: what it left running in its container is killed, as Mesos does. */
  private static void destroyLeftovers(ExecutorRun run) {
    List<ProcessHandle> left = run.members.stream().filter(ProcessHandle::isAlive).toList();
    run.members.clear();
    if (!left.isEmpty()) {
      LOG.info("Executor {} exited leaving processes {} in its container; killing them",
          run.id(), left.stream().map(ProcessHandle::pid).toList());
      left.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** SIGTERM to the process tree after the delay, SIGKILL to what is left 3 seconds later. */
  void destroy(ExecutorRun run, Duration delay) {
    ProcessHandle process = run.process;
    if (process == null) {
      return;
    }
    loop.schedule(delay, () -> {
      List<ProcessHandle> tree = process.descendants().toList();
      tree.forEach(ProcessHandle::destroy);
      process.destroy();
      loop.schedule(KILL_ESCALATION, () -> {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      });
    });
  }

  /**
   * SIGKILLs a process and its whole tree at once (a machine dying). The descendants are listed
   * before the parent dies, since its orphans would leave the tree, and listed again in case
   * one forked meanwhile.
   */
  static void killTree(ProcessHandle process) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    for (ProcessHandle p : tree) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
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
