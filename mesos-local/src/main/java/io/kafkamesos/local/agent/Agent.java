package io.kafkamesos.local.agent;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.master.AgentLink;
import io.kafkamesos.local.master.MasterLink;
import io.kafkamesos.local.proto.Statuses;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent: runs tasks on executors started as child processes, keeps their status update
 * streams, checkpoints everything to its work dir and recovers it on restart. Every method runs
 * on the event loop; the executor API ({@link ExecutorApi}) shares this state.
 */
public final class Agent implements AgentLink, Containers.Callbacks {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  final AgentState state;
  final AgentSettings settings;
  final EventLoop loop;
  final MasterLink master;
  final StatusUpdateManager updates;
  final Containers containers;
  private final MasterLink realMaster;
  private final ExecutorService workers;
  /** The machine died ({@link #die}): nothing reaches the master or the disk any more. */
  private boolean dead;
  private ScheduledFuture<?> heartbeat;

  Agent(AgentState state, AgentSettings settings, EventLoop loop, MasterLink master,
      ExecutorService workers) {
    this.state = state;
    this.settings = settings;
    this.loop = loop;
    this.realMaster = master;
    this.workers = workers;
    this.master = new SilentWhenDead(master, () -> dead);
    this.updates = new StatusUpdateManager(loop, master, settings.statusUpdateRetry(),
        state.removedFrameworks::contains);
    this.containers = new Containers(state, settings, loop, workers, this);
  }

  /**
   * Opens the agent in its work dir: recovers its checkpoint if there is one, else starts anew
   * with this info and these resources (unreserved).
   */
  public static Agent open(AgentInfo fresh, Resources resources, AgentSettings settings,
      EventLoop loop, MasterLink master, ExecutorService workers) {
    return AgentRecovery.open(fresh, resources, settings,
        state -> new Agent(state, settings, loop, master, workers));
  }

  /**
   * Starts serving: re-attaches to executors that survived a restart (they must re-subscribe
   * within the re-registration timeout), resends unacknowledged updates, starts heartbeats.
   * Call after the master has seen {@link #recovered()}.
   */
  public void start() {
    AgentRecovery.reattach(this);
    startHeartbeats();
    checkpoint();
  }

  private void startHeartbeats() {
    heartbeat = loop.every(settings.heartbeatInterval(), () -> {
      Event event = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
      state.allExecutors().stream().filter(ExecutorRun::connected)
          .forEach(r -> r.stream.send(event));
    });
  }

  void checkpoint() {
    if (!dead) {
      state.checkpoint().save(state.dir);
    }
  }

  // ---- the machine dies and comes back ----

  /**
   * The machine dies: every executor's process tree is SIGKILLed, streams and timers stop, and
   * nothing more reaches the master or the checkpoint (which keeps what it last said). The
   * master notices only when the agent stops answering its health check.
   */
  public void die() {
    if (dead) {
      return;
    }
    LOG.info("Agent {} ({}) dies: killing every executor's processes", id(),
        state.info.getHostname());
    dead = true;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    AgentRecovery.killAll(this);
  }

  public boolean dead() {
    return dead;
  }

  /**
   * The machine is back (as after a reboot): a new agent with the same id and work dir, recovered
   * from the last checkpoint, whose executors are gone. Register it with the master
   * ({@code Master.reregisterAgent}), then call {@link #startRebooted}.
   */
  public Agent reboot() {
    if (!dead) {
      throw new IllegalStateException("agent " + id() + " is running");
    }
    Agent agent = open(state.info, state.total, settings, loop, realMaster, workers);
    AgentRecovery.rebooted(agent);
    return agent;
  }

  /** After re-registration: reports the executors lost in the reboot and resends updates. */
  public void startRebooted() {
    AgentRecovery.resumeAfterReboot(this);
    startHeartbeats();
    checkpoint();
  }

  public String id() {
    return state.id();
  }

  // ---- AgentLink ----

  @Override
  public AgentInfo info() {
    return state.info;
  }

  @Override
  public String url() {
    return "http://" + state.info.getHostname() + ":" + state.info.getPort();
  }

  @Override
  public boolean reachable() {
    return !dead;
  }

  @Override
  public Resources totalResources() {
    return state.total;
  }

  @Override
  public void apply(Offer.Operation operation) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    AgentResources.apply(state, operation);
    checkpoint();
  }

  @Override
  public void runTask(FrameworkInfo framework, TaskInfo task) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    String fwId = framework.getId().getValue();
    state.frameworks.put(fwId, framework);
    boolean command = !task.hasExecutor();
    ExecutorInfo executor = command ? commandExecutor(task, framework) : task.getExecutor();
    ExecutorRun run = state.executor(fwId, executor.getExecutorId().getValue()).orElse(null);
    TaskRun taskRun = new TaskRun(task);
    if (run != null && (run.state == ExecutorRun.State.TERMINATING
        || run.state == ExecutorRun.State.TERMINATED)) {
      run.tasks.put(taskRun.id(), taskRun);
      boolean partitionAware = framework.getCapabilitiesList().stream().anyMatch(c ->
          c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
      updates.enqueue(run, taskRun, agentStatus(run, taskRun,
          partitionAware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
          TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "Executor terminating"));
      checkpoint();
      return;
    }
    if (run == null) {
      String containerId = UUID.randomUUID().toString();
      run = new ExecutorRun(framework.getId(), executor, containerId,
          state.sandbox(fwId, executor.getExecutorId().getValue(), containerId), command);
      state.executors.computeIfAbsent(fwId, k -> new HashMap<>()).put(run.id(), run);
      run.tasks.put(taskRun.id(), taskRun);
      try {
        Files.createDirectories(run.directory);
      } catch (IOException e) {
        LOG.warn("Cannot create sandbox {}: {}", run.directory, e.getMessage());
      }
      containers.linkVolumes(run, executor.getResourcesList());
      containers.linkVolumes(run, task.getResourcesList());
      containers.launch(run, framework);
    } else {
      run.tasks.put(taskRun.id(), taskRun);
      containers.linkVolumes(run, task.getResourcesList());
      if (run.state == ExecutorRun.State.RUNNING && run.connected()) {
        sendLaunch(run, taskRun);
      }
    }
    checkpoint();
  }

  void sendLaunch(ExecutorRun run, TaskRun task) {
    task.launched = true;
    run.stream.send(Event.newBuilder().setType(Event.Type.LAUNCH)
        .setLaunch(Event.Launch.newBuilder().setTask(task.info)).build());
  }

  private ExecutorInfo commandExecutor(TaskInfo task, FrameworkInfo framework) {
    CommandInfo command = task.getCommand();
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(task.getTaskId().getValue()))
        .setFrameworkId(framework.getId())
        .setName("Command Executor (Task: " + task.getTaskId().getValue() + ") (Command: sh -c '"
            + command.getValue() + "')")
        .setSource(task.getTaskId().getValue())
        .setCommand(command)
        .build();
  }

  @Override
  public void killTask(FrameworkID framework, TaskID taskId, Optional<KillPolicy> policy) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    Optional<ExecutorRun> found = state.executorOfTask(framework.getValue(), taskId.getValue());
    if (found.isEmpty()) {
      LOG.warn("Agent {} cannot kill unknown task {} of framework {}", id(), taskId.getValue(),
          framework.getValue());
      return;
    }
    ExecutorRun run = found.get();
    TaskRun task = run.tasks.get(taskId.getValue());
    if (task.terminal()) {
      return;
    }
    task.killRequested = true;
    if (run.command) {
      java.time.Duration grace = policy.filter(KillPolicy::hasGracePeriod)
          .or(() -> Optional.of(task.info.getKillPolicy()).filter(KillPolicy::hasGracePeriod))
          .map(p -> java.time.Duration.ofNanos(p.getGracePeriod().getNanoseconds()))
          .orElse(java.time.Duration.ZERO);
      run.state = ExecutorRun.State.TERMINATING;
      containers.destroy(run, grace);
    } else if (!task.launched) {
      updates.enqueue(run, task, agentStatus(run, task, TaskState.TASK_KILLED,
          TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
          "Killed before delivery to the executor"));
    } else if (run.connected()) {
      Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(taskId);
      policy.ifPresent(kill::setKillPolicy);
      run.stream.send(Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
    }
    checkpoint();
  }

  @Override
  public void shutdownExecutor(FrameworkID framework, ExecutorID executor) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    state.executor(framework.getValue(), executor.getValue()).ifPresent(this::shutdown);
  }

  void shutdown(ExecutorRun run) {
    if (run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED) {
      return;
    }
    LOG.info("Shutting down executor {} of framework {}", run.id(), run.frameworkId.getValue());
    boolean connected = run.connected();
    run.state = ExecutorRun.State.TERMINATING;
    java.time.Duration grace = run.info.hasShutdownGracePeriod()
        ? java.time.Duration.ofNanos(run.info.getShutdownGracePeriod().getNanoseconds())
        : settings.shutdownGracePeriod();
    if (connected && !run.command) {
      run.stream.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
      containers.destroy(run, grace);
    } else {
      containers.destroy(run, java.time.Duration.ZERO);
    }
    checkpoint();
  }

  @Override
  public void shutdownFramework(FrameworkID framework) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    if (state.executors.containsKey(framework.getValue())) {
      state.removedFrameworks.add(framework.getValue());
    } else {
      state.frameworks.remove(framework.getValue());
    }
    for (ExecutorRun run : state.allExecutors()) {
      if (run.frameworkId.equals(framework)) {
        run.tasks.values().forEach(updates::cancel);
        shutdown(run);
      }
    }
    checkpoint();
  }

  @Override
  public void acknowledge(FrameworkID framework, TaskID taskId, ByteString uuid) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    Optional<ExecutorRun> found = state.executorOfTask(framework.getValue(), taskId.getValue());
    if (found.isEmpty()) {
      return;
    }
    ExecutorRun run = found.get();
    TaskRun task = run.tasks.get(taskId.getValue());
    TaskStatus acked = updates.acknowledge(run, task, uuid);
    if (acked == null) {
      return;
    }
    if (acked.getSource() == TaskStatus.Source.SOURCE_EXECUTOR && run.connected()
        && !run.command) {
      run.stream.send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
          .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(taskId).setUuid(uuid))
          .build());
    }
    if (task.done()) {
      run.tasks.remove(task.id());
    }
    cleanup(run);
    checkpoint();
  }

  @Override
  public void frameworkMessage(FrameworkID framework, ExecutorID executor, ByteString data) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    state.executor(framework.getValue(), executor.getValue()).filter(ExecutorRun::connected)
        .ifPresent(run -> run.stream.send(Event.newBuilder().setType(Event.Type.MESSAGE)
            .setMessage(Event.Message.newBuilder().setData(data)).build()));
  }

  @Override
  public void updateFramework(FrameworkInfo framework) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    if (state.frameworks.containsKey(framework.getId().getValue())) {
      state.frameworks.put(framework.getId().getValue(), framework);
      checkpoint();
    }
  }

  @Override
  public List<RecoveredExecutor> recovered() {
    List<RecoveredExecutor> out = new ArrayList<>();
    for (ExecutorRun run : state.allExecutors()) {
      FrameworkInfo fw = state.frameworks.get(run.frameworkId.getValue());
      if (fw == null) {
        continue;
      }
      List<RecoveredTask> tasks = run.tasks.values().stream()
          .map(t -> new RecoveredTask(t.info, List.copyOf(t.statuses))).toList();
      // a terminated executor uses no resources any more (lost in a reboot)
      out.add(new RecoveredExecutor(fw, run.command || run.state == ExecutorRun.State.TERMINATED
          ? ExecutorInfo.getDefaultInstance() : run.info, tasks));
    }
    return out;
  }

  // ---- containers ----

  @Override
  public void started(ExecutorRun run) {
    if (dead) {
      Containers.killTree(run.process); // started just as the machine died
      return;
    }
    if (run.command) {
      run.state = ExecutorRun.State.RUNNING;
      for (TaskRun task : run.tasks.values()) {
        task.launched = true;
        updates.enqueue(run, task, Statuses.create(settings.clock(), task.info.getTaskId(),
            TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null,
            Optional.of(state.info.getId()), Optional.of(run.info.getExecutorId()), true));
      }
    }
    checkpoint();
  }

  @Override
  public void exited(ExecutorRun run, int status) {
    if (dead || run.state == ExecutorRun.State.TERMINATED) {
      return;
    }
    LOG.info("Executor {} of framework {} on agent {} exited with status {}", run.id(),
        run.frameworkId.getValue(), id(), status);
    run.state = ExecutorRun.State.TERMINATED;
    run.cancelTimers();
    if (run.stream != null) {
      run.stream.close();
    }
    for (TaskRun task : run.tasks.values()) {
      if (task.terminal()) {
        continue;
      }
      TaskStatus update = run.command && task.launched
          ? Containers.commandExit(state, run, task, status, settings.clock())
          : agentStatus(run, task,
              run.terminationState != null ? run.terminationState : TaskState.TASK_FAILED,
              run.terminationReason != null ? run.terminationReason
                  : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
              run.terminationMessage != null ? run.terminationMessage : "Executor terminated");
      updates.enqueue(run, task, update);
    }
    master.executorTerminated(state.info.getId(), run.frameworkId, run.info.getExecutorId(),
        status);
    cleanup(run);
    checkpoint();
  }

  /** Forgets a terminated executor once all its tasks' updates are acknowledged. */
  private void cleanup(ExecutorRun run) {
    if (run.state == ExecutorRun.State.TERMINATED && (run.tasks.values().stream()
        .allMatch(TaskRun::done) || state.removedFrameworks.contains(run.frameworkId.getValue()))) {
      state.removeExecutor(run);
    }
  }

  TaskStatus agentStatus(ExecutorRun run, TaskRun task, TaskState taskState,
      TaskStatus.Reason reason, String message) {
    return Statuses.create(settings.clock(), task.info.getTaskId(), taskState,
        TaskStatus.Source.SOURCE_AGENT, reason, message, Optional.of(state.info.getId()),
        Optional.of(run.info.getExecutorId()), true);
  }

  /** Ends every executor now (mesos-local closing): SHUTDOWN, then signals. */
  public void shutdownAll() {
    if (dead) {
      return; // a dead machine hears nothing
    }
    state.allExecutors().forEach(this::shutdown);
  }

  public boolean hasLiveProcesses() {
    return state.allExecutors().stream().anyMatch(r -> r.process != null
        && r.process.isAlive());
  }

  /** The last resort when closing: SIGKILL every executor process tree. */
  public void killAllProcesses() {
    for (ExecutorRun run : state.allExecutors()) {
      if (run.process != null) {
        run.process.descendants().forEach(ProcessHandle::destroyForcibly);
        run.process.destroyForcibly();
      }
    }
  }

  /** Closes the executors' streams (mesos-local stopping); the processes keep running. */
  public void closeStreams() {
    state.allExecutors().stream().filter(r -> r.stream != null).forEach(r -> r.stream.close());
  }

}
