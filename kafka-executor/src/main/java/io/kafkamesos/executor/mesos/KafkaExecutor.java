package io.kafkamesos.executor.mesos;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.commons.security.NodeKeystores;
import io.kafkamesos.commons.security.NodeTlsSpec;
import io.kafkamesos.executor.broker.BrokerRunner;
import io.kafkamesos.executor.broker.BrokerSupervisor;
import io.kafkamesos.executor.broker.RunningBroker;
import io.kafkamesos.executor.security.NodeCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's protocol shell: turns agent events into broker actions and broker outcomes into
 * status updates. It runs one broker task and exits once that task's terminal update is
 * acknowledged.
 *
 * <p>Events arrive on the client's stream thread and broker outcomes on the supervisor's; all of
 * them are handed to one action thread, so the task's state is only ever touched there.
 * Acknowledgements are recorded at once, because the action thread may be waiting for one.
 */
public final class KafkaExecutor implements MesosClient.Listener<Event> {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaExecutor.class);

  /** Sends one call to the agent (the client's {@code send}). */
  @FunctionalInterface
  public interface CallSender {
    void send(Call call);
  }

  /** Ends the executor; the production one closes the client and exits the JVM. */
  @FunctionalInterface
  public interface Exit {
    void exit(int status);
  }

  /** Names the framework and broker in every log line from now on. */
  public interface LogTags {
    /** Tags that tag nothing, for tests. */
    LogTags NONE = new LogTags() {
      @Override
      public void framework(String name) {
      }

      @Override
      public void broker(String id) {
      }
    };

    void framework(String name);

    void broker(String id);
  }

  /**
   * @param frameworkId the framework this executor belongs to
   * @param executorId this executor's id
   * @param killGrace how long a killed broker gets for its controlled shutdown when the kill names
   *     no grace period
   * @param shutdownGracePeriod how long the agent waits after SHUTDOWN before destroying us
   * @param ackTimeout how long to wait for the terminal update's acknowledgement before exiting
   */
  public record Settings(String frameworkId, String executorId, Duration killGrace,
      Duration shutdownGracePeriod, Duration ackTimeout) {

    public Settings {
      Objects.requireNonNull(frameworkId);
      Objects.requireNonNull(executorId);
      Objects.requireNonNull(killGrace);
      Objects.requireNonNull(shutdownGracePeriod);
      Objects.requireNonNull(ackTimeout);
    }
  }

  private final Settings settings;
  private final BrokerRunner runner;
  private final CallSender sender;
  private final Exit exit;
  private final LogTags tags;
  private final Reconnection reconnection;
  private final ScheduledExecutorService actions;
  private final Clock clock;
  private final StatusUpdates updates = new StatusUpdates();
  private final NodeCertificates certificates;

  // Touched on the action thread only.
  private TaskInfo task;
  private String brokerId = "?";
  /** How logs and statuses name the node: {@code broker 0}, {@code controller 3000}. */
  private String node = "broker ?";
  private RunningBroker broker;
  /** The certificate exchange of a TLS node that waits for its certificate. */
  private NodeCertificates.Pending certificate;
  private boolean terminal;
  private boolean taskKillingState;
  private boolean exiting;

  public KafkaExecutor(Settings settings, BrokerRunner runner, CallSender sender, Exit exit,
      LogTags tags, Reconnection reconnection, ScheduledExecutorService actions, Clock clock) {
    this(settings, runner, sender, exit, tags, reconnection, actions, clock, NodeCertificates.NONE);
  }

  /**
   * @param certificates how a TLS node (its task data has a {@link NodeTlsSpec}) gets its
   *     certificate before it starts
   */
  public KafkaExecutor(Settings settings, BrokerRunner runner, CallSender sender, Exit exit,
      LogTags tags, Reconnection reconnection, ScheduledExecutorService actions, Clock clock,
      NodeCertificates certificates) {
    this.certificates = Objects.requireNonNull(certificates);
    this.settings = Objects.requireNonNull(settings);
    this.runner = Objects.requireNonNull(runner);
    this.sender = Objects.requireNonNull(sender);
    this.exit = Objects.requireNonNull(exit);
    this.tags = Objects.requireNonNull(tags);
    this.reconnection = Objects.requireNonNull(reconnection);
    this.actions = Objects.requireNonNull(actions);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Starts watching the connection: the executor gives up when the agent stays away too long. */
  public void start() {
    actions.scheduleWithFixedDelay(this::checkConnection, 1, 1, TimeUnit.SECONDS);
  }

  /** The SUBSCRIBE call for a new connection, carrying what the agent has not acknowledged. */
  public Call subscribeCall() {
    Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder()
        .addAllUnacknowledgedTasks(updates.unacknowledgedTasks())
        .addAllUnacknowledgedUpdates(updates.unacknowledgedUpdates());
    return call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build();
  }

  @Override
  public void received(Event event) {
    if (event.getType() == Event.Type.ACKNOWLEDGED) {
      Event.Acknowledged ack = event.getAcknowledged();
      boolean known = updates.acknowledged(ack.getTaskId(), ack.getUuid());
      LOG.debug("update {} of task {} acknowledged (known: {})",
          uuidText(ack.getUuid()), ack.getTaskId().getValue(), known);
      return;
    }
    actions.execute(() -> handle(event));
  }

  @Override
  public void disconnected(String reason) {
    reconnection.disconnected(clock.instant());
  }

  private void handle(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> subscribed(event.getSubscribed());
      case LAUNCH -> launch(event.getLaunch().getTask());
      case LAUNCH_GROUP -> event.getLaunchGroup().getTaskGroup().getTasksList().forEach(t ->
          refuse(t, "this executor runs single broker tasks, not task groups"));
      case KILL -> kill(event.getKill());
      case SHUTDOWN -> shutdown();
      case ERROR -> LOG.error("the agent reports an error: {}", event.getError().getMessage());
      case MESSAGE -> message(event.getMessage().getData().toByteArray());
      case HEARTBEAT -> LOG.debug("ignoring {} event", event.getType());
      default -> LOG.warn("ignoring unknown event type {}", event.getType());
    }
  }

  private void subscribed(Event.Subscribed subscribed) {
    reconnection.subscribed();
    FrameworkInfo framework = subscribed.getFrameworkInfo();
    taskKillingState = framework.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    if (!framework.getName().isEmpty()) {
      tags.framework(framework.getName());
    }
    LOG.info("subscribed with agent {} ({}:{}) for framework {} ({})",
        subscribed.getAgentInfo().getId().getValue(), subscribed.getAgentInfo().getHostname(),
        subscribed.getAgentInfo().getPort(), framework.getName(), settings.frameworkId());
  }

  private void launch(TaskInfo launched) {
    if (task != null) {
      refuse(launched, "this executor runs one broker task, and runs "
          + task.getTaskId().getValue() + " already");
      return;
    }
    task = launched;
    updates.launched(launched);
    BrokerTaskSpec spec;
    try {
      spec = BrokerTaskSpec.decode(launched.getData().toByteArray());
    } catch (RuntimeException e) {
      fail(TaskStatus.Reason.REASON_TASK_INVALID, "invalid broker task data: " + e.getMessage());
      return;
    }
    brokerId = Integer.toString(spec.brokerId());
    node = spec.describe();
    tags.framework(spec.frameworkName());
    tags.broker(brokerId);
    LOG.info("{}: launching task {}", node, launched.getTaskId().getValue());
    Optional<NodeTlsSpec> tls;
    try {
      tls = NodeTlsSpec.decode(launched.getData().toByteArray());
    } catch (RuntimeException e) {
      fail(TaskStatus.Reason.REASON_TASK_INVALID, "invalid TLS task data: " + e.getMessage());
      return;
    }
    if (tls.isEmpty()) {
      update(TaskState.TASK_STARTING, "starting " + node, null);
      startNode(spec);
      return;
    }
    // the node's key is made here and its certificate asked from the scheduler: it starts once
    // its key stores are written
    update(TaskState.TASK_STARTING, node + " waits for its certificate from the scheduler", null);
    NodeTlsSpec nodeTls = tls.get();
    boolean[] answered = {false}; // an outcome may come before request() returns
    NodeCertificates.Pending pending = certificates.request(launched.getTaskId().getValue(), spec,
        nodeTls, new NodeCertificates.Outcome() {
          @Override
          public void certified(NodeKeystores.Stores stores) {
            answered[0] = true;
            certificate = null;
            if (!terminal) {
              update(TaskState.TASK_STARTING, "starting " + node + " with its certificate", null);
              startNode(withTls(spec, nodeTls, stores));
            }
          }

          @Override
          public void failed(String reason) {
            answered[0] = true;
            certificate = null;
            if (!terminal) {
              fail(null, node + " cannot start: " + reason);
            }
          }
        });
    certificate = answered[0] ? null : pending;
  }

  private void startNode(BrokerTaskSpec spec) {
    try {
      broker = runner.start(spec, new BrokerOutcome(spec));
    } catch (IOException | RuntimeException e) {
      LOG.error("{}: cannot start", node, e);
      fail(null, node + " cannot start: " + e.getMessage());
    }
  }

  /**
   * The spec a TLS node starts with: its listener and security properties, then its key stores',
   * over the operator's overrides (which are applied last and would otherwise win).
   */
  static BrokerTaskSpec withTls(BrokerTaskSpec spec, NodeTlsSpec tls, NodeKeystores.Stores stores) {
    Map<String, String> overrides = new TreeMap<>(spec.overrides());
    overrides.putAll(tls.properties());
    overrides.putAll(stores.kafkaProperties());
    return new BrokerTaskSpec(spec.brokerId(), spec.frameworkName(), spec.zookeeperConnect(),
        spec.advertisedHost(), spec.port(), spec.heapMb(), spec.dataDir(), spec.kafkaHome(),
        overrides, spec.kafkaVersion(), spec.kind(), spec.kraft());
  }

  private void message(byte[] data) {
    if (certificate != null && certificate.received(data)) {
      return;
    }
    LOG.debug("ignoring a MESSAGE event of {} bytes", data.length);
  }

  private void kill(Event.Kill kill) {
    if (task == null || !task.getTaskId().equals(kill.getTaskId())) {
      LOG.warn("asked to kill task {}, which this executor does not run",
          kill.getTaskId().getValue());
      return;
    }
    if (terminal) {
      LOG.info("{}: asked to kill task {}, which has ended already", node,
          kill.getTaskId().getValue());
      return;
    }
    Duration grace = gracePeriod(kill).orElse(settings.killGrace());
    stopAndReport(grace, "killed");
  }

  private void shutdown() {
    LOG.info("{}: the agent asks the executor to shut down", node);
    if (task != null && !terminal) {
      // Leave time to report TASK_KILLED before the agent's grace period runs out.
      Duration grace = settings.shutdownGracePeriod()
          .minus(settings.shutdownGracePeriod().dividedBy(5));
      stopAndReport(grace, "shut down with its executor");
    } else {
      finish();
    }
  }

  private void stopAndReport(Duration grace, String why) {
    if (taskKillingState) {
      update(TaskState.TASK_KILLING, "stopping " + node, null);
    }
    String outcome = "never started";
    if (certificate != null) {
      certificate.cancel();
      certificate = null;
      outcome = "never started: it waited for its certificate";
    }
    if (broker != null) {
      BrokerSupervisor.StopResult result = broker.stop(grace);
      outcome = "exit code " + result.exitCode()
          + (result.forced() ? ", killed after a " + grace.toSeconds() + " s grace period"
              : result.controlled() ? ", controlled shutdown" : ", no controlled shutdown");
    }
    terminal = true;
    update(TaskState.TASK_KILLED, node + " " + why + " (" + outcome + ")", null);
    finish();
  }

  private void fail(TaskStatus.Reason reason, String message) {
    terminal = true;
    update(TaskState.TASK_FAILED, message, reason);
    finish();
  }

  /** Waits (bounded) until the agent has every update, then exits. */
  private void finish() {
    if (exiting) {
      return;
    }
    exiting = true;
    try {
      for (Call.Update pending : updates.unacknowledgedUpdates()) {
        ByteString uuid = pending.getStatus().getUuid();
        if (!updates.awaitAcknowledged(uuid, settings.ackTimeout())) {
          LOG.warn("{}: update {} not acknowledged within {} s; exiting anyway", node,
              pending.getStatus().getState(), settings.ackTimeout().toSeconds());
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{}: executor exits", node);
    exit.exit(0);
  }

  private void checkConnection() {
    if (exiting) {
      return;
    }
    Optional<String> reason = reconnection.giveUp(clock.instant());
    if (reason.isEmpty()) {
      return;
    }
    exiting = true;
    LOG.error("{}: {}; stopping it and exiting", node, reason.get());
    if (broker != null) {
      broker.stop(settings.shutdownGracePeriod());
    }
    exit.exit(1);
  }

  private void refuse(TaskInfo other, String message) {
    LOG.warn("refusing task {}: {}", other.getTaskId().getValue(), message);
    send(status(other.getTaskId(), TaskState.TASK_FAILED, message,
        TaskStatus.Reason.REASON_TASK_INVALID));
  }

  private void update(TaskState state, String message, TaskStatus.Reason reason) {
    LOG.info("{}: {} ({})", node, state, message);
    send(status(task.getTaskId(), state, message, reason));
  }

  private TaskStatus status(TaskID taskId, TaskState state, String message,
      TaskStatus.Reason reason) {
    TaskStatus.Builder status = TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder()
            .setValue(settings.executorId()))
        .setMessage(message)
        .setTimestamp(clock.millis() / 1000.0)
        .setUuid(newUuid());
    if (task != null && task.getTaskId().equals(taskId) && task.hasAgentId()) {
      status.setAgentId(task.getAgentId());
    }
    if (reason != null) {
      status.setReason(reason);
    }
    return status.build();
  }

  private void send(TaskStatus status) {
    Call.Update update = Call.Update.newBuilder().setStatus(status).build();
    updates.sent(update);
    try {
      sender.send(call(Call.Type.UPDATE).setUpdate(update).build());
    } catch (RuntimeException e) {
      // Kept as unacknowledged: the next SUBSCRIBE hands it to the agent.
      LOG.warn("{}: cannot send {} now ({}); it goes with the next subscription",
          node, status.getState(), e.getMessage());
    }
  }

  private Call.Builder call(Call.Type type) {
    return Call.newBuilder()
        .setType(type)
        .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder()
            .setValue(settings.frameworkId()))
        .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder()
            .setValue(settings.executorId()));
  }

  private Optional<Duration> gracePeriod(Event.Kill kill) {
    Optional<KillPolicy> policy = kill.hasKillPolicy() ? Optional.of(kill.getKillPolicy())
        : task.hasKillPolicy() ? Optional.of(task.getKillPolicy()) : Optional.empty();
    return policy.filter(KillPolicy::hasGracePeriod)
        .map(p -> Duration.ofNanos(p.getGracePeriod().getNanoseconds()));
  }

  private static ByteString newUuid() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return ByteString.copyFrom(bytes.array());
  }

  private static String uuidText(ByteString uuid) {
    if (uuid.size() != 16) {
      return uuid.toStringUtf8();
    }
    ByteBuffer bytes = uuid.asReadOnlyByteBuffer();
    return new UUID(bytes.getLong(), bytes.getLong()).toString();
  }

  /** What TASK_RUNNING says: the node, and what made it healthy. */
  static String runningMessage(BrokerTaskSpec spec) {
    String where = " listening on " + spec.advertisedHost() + ":"
        + (spec.isKraft() ? spec.port() : io.kafkamesos.executor.broker.ProcessBrokerRunner.listenedPort(spec));
    if (!spec.isKraft()) {
      return spec.describe() + " registered in ZooKeeper," + where + " and started";
    }
    if (spec.kind().broker()) {
      return spec.describe() + " registered with the controllers," + where + " and RUNNING";
    }
    return spec.describe() + " in the controller quorum," + where + " and started";
  }

  /** Hands the broker's outcomes to the action thread. */
  private final class BrokerOutcome implements BrokerSupervisor.Listener {
    private final BrokerTaskSpec spec;

    BrokerOutcome(BrokerTaskSpec spec) {
      this.spec = spec;
    }

    @Override
    public void healthy() {
      actions.execute(() -> {
        if (!terminal) {
          update(TaskState.TASK_RUNNING, runningMessage(spec), null);
        }
      });
    }

    @Override
    public void failed(String message) {
      actions.execute(() -> {
        if (!terminal) {
          fail(null, message);
        }
      });
    }
  }
}
