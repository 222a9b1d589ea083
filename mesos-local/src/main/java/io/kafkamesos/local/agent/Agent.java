package io.kafkamesos.local.agent;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.master.AgentLink;
import io.kafkamesos.local.master.MasterLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent: runs tasks on executors started as child processes, keeps their status update
 * streams, checkpoints everything to its work dir and recovers it on restart. Every method runs
 * on the event loop. The agent is the shell: its life (start, death, reboot), the master's calls
 * ({@link AgentLink}) and its containers' callbacks, which it drops once its machine died, and
 * hands on to {@link AgentTasks} (running, killing, acknowledgements),
 * {@link ExecutorLifecycle} (executors started, exited, shut down), {@link Containers},
 * {@link StatusUpdateManager} and {@link AgentRecovery}; the executor API ({@link ExecutorApi})
 * shares this state.
 */
public final class Agent implements AgentLink, Containers.Callbacks {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  final AgentState state;
  final AgentSettings settings;
  final EventLoop loop;
  final MasterLink master;
  final StatusUpdateManager updates;
  final Containers containers;
  final ExecutorLifecycle executors;
  final AgentTasks tasks;
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
    this.executors = new ExecutorLifecycle(state, settings, this.master, updates, containers,
        this::checkpoint);
    this.tasks = new AgentTasks(state, updates, containers, executors, this::checkpoint);
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
    containers.cache().clear(); // as Mesos' agent: the fetcher cache starts empty
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
    containers.cache().clear();
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
    tasks.run(framework, task);
  }

  @Override
  public void killTask(FrameworkID framework, TaskID taskId, Optional<KillPolicy> policy) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    tasks.kill(framework, taskId, policy);
  }

  @Override
  public void shutdownExecutor(FrameworkID framework, ExecutorID executor) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    state.executor(framework.getValue(), executor.getValue()).ifPresent(executors::shutdown);
  }

  @Override
  public void shutdownFramework(FrameworkID framework) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    executors.shutdownFramework(framework);
  }

  @Override
  public void acknowledge(FrameworkID framework, TaskID taskId, ByteString uuid) {
    if (dead) {
      return; // a dead machine hears nothing
    }
    tasks.acknowledge(framework, taskId, uuid);
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
  public void resumeStatusUpdates() {
    if (dead) {
      return; // a dead machine hears nothing
    }
    for (ExecutorRun run : state.allExecutors()) {
      run.tasks.values().forEach(task -> updates.forward(run, task));
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
      List<RecoveredTask> runTasks = run.tasks.values().stream()
          .map(t -> new RecoveredTask(t.info, List.copyOf(t.statuses))).toList();
      // a terminated executor uses no resources any more (lost in a reboot)
      out.add(new RecoveredExecutor(fw, run.command || run.state == ExecutorRun.State.TERMINATED
          ? ExecutorInfo.getDefaultInstance() : run.info, runTasks));
    }
    return out;
  }

  // ---- containers ----

  @Override
  public void started(ExecutorRun run) {
    if (dead) {
      Containers.killTree(run); // started just as the machine died
      return;
    }
    executors.started(run);
  }

  @Override
  public void exited(ExecutorRun run, int status) {
    if (dead) {
      return;
    }
    executors.exited(run, status);
  }

  /** Ends every executor now (mesos-local closing): SHUTDOWN, then signals. */
  public void shutdownAll() {
    if (dead) {
      return; // a dead machine hears nothing
    }
    state.allExecutors().forEach(executors::shutdown);
  }

  /** The agent's fetcher cache (for tests and the agent's state). */
  public FetcherCache fetcherCache() {
    return containers.cache();
  }

  /** The tokens executors must authenticate with, when they must. */
  public Optional<ExecutorTokens> executorTokens() {
    return settings.executorTokens();
  }

  public boolean hasLiveProcesses() {
    return state.allExecutors().stream().anyMatch(r -> r.process != null
        && r.process.isAlive() || r.standIn != null && r.standIn.alive());
  }

  /** The last resort when closing: SIGKILL every executor process tree. */
  public void killAllProcesses() {
    state.allExecutors().forEach(Containers::killTree);
  }

  /** Closes the executors' streams (mesos-local stopping); the processes keep running. */
  public void closeStreams() {
    state.allExecutors().stream().filter(r -> r.stream != null).forEach(r -> r.stream.close());
  }

}
