package io.kafkamesos.local.master;

import com.google.protobuf.ByteString;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.proto.Statuses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master: framework subscriptions and failover, call dispatch with Mesos' checks of stream
 * ids and subscription, status updates on their way from agents to schedulers. Offers, ACCEPT and
 * task calls are delegated. Every method runs on the event loop.
 */
public final class Master implements MasterLink {

  private static final Logger LOG = LoggerFactory.getLogger(Master.class);

  private final MasterState state;
  private final EventLoop loop;
  private final Duration heartbeatInterval;
  private final Offers offers;
  private final Accepts accepts;
  private final Tasks tasks;
  private final AgentHealth health;
  private final AgentAdmission admission;

  /**
   * @param loop this master's own scope of the event loop: closing it ({@link #die}) ends every
   *     timer the master set
   */
  public Master(MasterState state, EventLoop loop, MasterSettings settings) {
    this.state = Objects.requireNonNull(state);
    this.loop = Objects.requireNonNull(loop);
    this.heartbeatInterval = settings.heartbeatInterval();
    this.offers = new Offers(state, loop, settings.offerTimeout());
    this.accepts = new Accepts(state, offers);
    this.tasks = new Tasks(state, offers);
    this.health = new AgentHealth(state, offers, settings.agentPingTimeout(),
        settings.agentRemovalTimeout());
    this.admission = new AgentAdmission(state, loop, offers, tasks, health,
        settings.agentReregisterTimeout(), this::startFailoverTimer);
  }

  MasterState state() {
    return state;
  }

  /** This master's info, as SUBSCRIBED and ZooKeeper carry it. */
  public MasterInfo info() {
    return state.info;
  }

  /**
   * Elected: recovers the registry and lets every agent that answers re-register, then starts
   * the allocation rounds and health checks. Frameworks come back by re-subscribing.
   */
  public void recover(List<? extends AgentLink> cluster) {
    admission.recover(cluster);
    startAllocationTimer();
  }

  /** An agent registers for the first time, with what it recovered from its checkpoint. */
  public void addAgent(AgentLink link) {
    admission.register(link);
  }

  /**
   * An agent comes back (its machine restarted): see {@link AgentAdmission#reregister}. It
   * sends its unacknowledged updates itself once it is started again.
   */
  public void reregisterAgent(AgentLink link) {
    admission.reregister(link);
  }

  /**
   * The master's process dies: its timers stop and it does nothing more. Its streams end with
   * its HTTP server; agents and frameworks turn to the next leader.
   */
  public void die() {
    loop.close();
    for (Framework fw : state.frameworks.values()) {
      fw.cancelTimers();
    }
  }

  /** Starts the allocation rounds (every second) and the agents' health checks. */
  private void startAllocationTimer() {
    loop.every(Duration.ofSeconds(1), offers::requestAllocation);
    loop.every(health.interval(), health::check);
  }

  // ---- subscription ----

  /** SUBSCRIBE: answers on the stream (SUBSCRIBED, or ERROR and close). */
  public void subscribe(Call.Subscribe subscribe, EventStream stream, String streamId) {
    FrameworkInfo info = subscribe.getFrameworkInfo();
    Optional<String> error = CallValidation.validateFramework(info);
    String id = info.getId().getValue();
    if (error.isEmpty() && !id.isEmpty() && state.removedFrameworkIds.contains(id)) {
      error = Optional.of("Framework has been removed");
    }
    if (error.isPresent()) {
      refuse(stream, info, error.get());
      return;
    }
    Framework fw;
    if (id.isEmpty()) {
      FrameworkID newId = FrameworkID.newBuilder().setValue(state.nextFrameworkId()).build();
      fw = new Framework(newId, info.toBuilder().setId(newId).build(), state.clock.instant());
      state.frameworks.put(newId.getValue(), fw);
      LOG.info("Subscribed new framework {} ({})", newId.getValue(), info.getName());
    } else {
      fw = state.frameworks.get(id);
      if (fw == null) {
        // Mesos accepts an id it does not know as a framework re-registering after failover
        fw = new Framework(info.getId(), info, state.clock.instant());
        state.frameworks.put(id, fw);
      } else {
        FrameworkInfo.Builder updated = info.toBuilder().setUser(fw.info.getUser())
            .setCheckpoint(fw.info.getCheckpoint());
        if (fw.info.hasPrincipal() != info.hasPrincipal()
            || !fw.info.getPrincipal().equals(info.getPrincipal())) {
          refuse(stream, info, "Changing framework's principal is not allowed.");
          return;
        }
        info = updated.build();
      }
      if (fw.connected()) {
        fw.stream.send(Events.error("Framework failed over"));
        fw.stream.close();
      }
      fw.info = info;
      fw.recovered = false;
      fw.reregisteredTime = state.clock.instant();
      offers.removeAll(fw, false);
      LOG.info("Framework {} ({}) re-subscribed", id, info.getName());
    }
    fw.cancelTimers();
    fw.stream = stream;
    fw.streamId = streamId;
    fw.unregisteredTime = null;
    fw.suppressedRoles.clear();
    fw.suppressedRoles.addAll(subscribe.getSuppressedRolesList());
    fw.send(Events.subscribed(fw.id, heartbeatInterval.toMillis() / 1000.0, state.info));
    // master.cpp: the heartbeater starts with SUBSCRIBED and sends its first HEARTBEAT at once
    fw.send(Events.heartbeat());
    Framework subscribed = fw;
    fw.heartbeat = loop.every(heartbeatInterval, () -> subscribed.send(Events.heartbeat()));
    for (AgentRecord agent : state.agents.values()) {
      agent.link.updateFramework(fw.info);
    }
    offers.requestAllocation();
  }

  private void refuse(EventStream stream, FrameworkInfo info, String message) {
    LOG.info("Refusing subscription of framework '{}': {}", info.getName(), message);
    stream.send(Events.error(message));
    stream.close();
  }

  /** The scheduler's stream ended: deactivate, and remove after the failover timeout. */
  public void disconnected(EventStream stream) {
    for (Framework fw : state.frameworks.values()) {
      if (fw.stream == stream) {
        LOG.info("Framework {} disconnected", fw.id.getValue());
        fw.stream = null;
        fw.streamId = null;
        fw.unregisteredTime = state.clock.instant();
        fw.cancelTimers();
        offers.removeAll(fw, false);
        startFailoverTimer(fw);
        offers.requestAllocation();
        return;
      }
    }
  }

  private void startFailoverTimer(Framework fw) {
    if (fw.failoverTimer != null) {
      fw.failoverTimer.cancel(false);
    }
    Duration timeout = Duration.ofMillis((long) (fw.info.getFailoverTimeout() * 1000));
    LOG.info("Framework {} has {} to fail over", fw.id.getValue(), timeout);
    fw.failoverTimer = loop.schedule(timeout, () -> {
      if (!fw.connected() && state.frameworks.get(fw.id.getValue()) == fw) {
        LOG.info("Framework {} failover timeout expired; removing it", fw.id.getValue());
        removeFramework(fw);
      }
    });
  }

  /**
   * The operator's teardown ({@code POST /master/teardown}): the framework is removed as by its
   * own TEARDOWN call (executors shut down, tasks killed, moved to completed_frameworks); its
   * scheduler, if connected, gets an ERROR first. False when no framework has that id.
   */
  public boolean teardown(String frameworkId) {
    Framework fw = state.frameworks.get(frameworkId);
    if (fw == null) {
      return false;
    }
    LOG.info("Tearing down framework {} ({}) on an operator's request", frameworkId,
        fw.info.getName());
    fw.send(Events.error("Framework has been removed"));
    removeFramework(fw);
    return true;
  }

  void removeFramework(Framework fw) {
    fw.cancelTimers();
    offers.removeAll(fw, false);
    if (fw.connected()) {
      fw.stream.close();
    }
    fw.stream = null;
    for (AgentRecord agent : state.agents.values()) {
      agent.link.shutdownFramework(fw.id);
      agent.executors.remove(fw.id.getValue());
    }
    tasks.removeAll(fw);
    state.frameworks.remove(fw.id.getValue());
    state.removedFrameworkIds.add(fw.id.getValue());
    state.completedFrameworks.addLast(fw);
    while (state.completedFrameworks.size() > MasterState.MAX_COMPLETED_FRAMEWORKS) {
      state.completedFrameworks.removeFirst();
    }
    fw.unregisteredTime = state.clock.instant();
    offers.requestAllocation();
  }

  // ---- other calls ----

  /**
   * Every call but SUBSCRIBE, after the call itself was validated, from a request authenticated
   * as {@code principal} (if any), which must be the framework's.
   */
  public CallResult handle(Call call, String streamIdHeader, Optional<String> principal) {
    Framework fw = state.frameworks.get(call.getFrameworkId().getValue());
    if (fw == null) {
      return CallResult.badRequest("Framework cannot be found");
    }
    if (principal.isPresent() && !principal.get().equals(fw.info.getPrincipal())) {
      return CallResult.badRequest(CallValidation.principalMismatch(principal.get(),
          fw.info.getPrincipal()));
    }
    if (!fw.connected()) {
      return CallResult.forbidden("Framework is not subscribed");
    }
    if (streamIdHeader == null) {
      return CallResult.badRequest(
          "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    }
    if (!streamIdHeader.equals(fw.streamId)) {
      return CallResult.badRequest("The stream ID '" + streamIdHeader + "' included in this "
          + "request didn't match the stream ID currently associated with framework ID "
          + fw.id.getValue());
    }
    switch (call.getType()) {
      case TEARDOWN -> {
        LOG.info("Processing TEARDOWN call for framework {}", fw.id.getValue());
        removeFramework(fw);
      }
      case ACCEPT -> accepts.accept(fw, call.getAccept());
      case DECLINE -> offers.decline(fw, call.getDecline());
      case REVIVE -> offers.revive(fw, call.getRevive());
      case SUPPRESS -> offers.suppress(fw, call.getSuppress());
      case KILL -> tasks.kill(fw, call.getKill());
      case SHUTDOWN -> tasks.shutdown(fw, call.getShutdown());
      case ACKNOWLEDGE -> tasks.acknowledge(fw, call.getAcknowledge());
      case RECONCILE -> tasks.reconcile(fw, call.getReconcile());
      case MESSAGE -> tasks.message(fw, call.getMessage());
      case ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS, REQUEST,
          ACKNOWLEDGE_OPERATION_STATUS, RECONCILE_OPERATIONS -> {
        // no inverse offers, operation feedback or requests in mesos-local: nothing to do
      }
      case UPDATE_FRAMEWORK -> {
        FrameworkInfo info = call.getUpdateFramework().getFrameworkInfo();
        Optional<String> error = CallValidation.validateFramework(info);
        if (error.isPresent()) {
          return CallResult.badRequest(error.get());
        }
        fw.info = info.toBuilder().setUser(fw.info.getUser())
            .setCheckpoint(fw.info.getCheckpoint()).build();
        fw.suppressedRoles.clear();
        fw.suppressedRoles.addAll(call.getUpdateFramework().getSuppressedRolesList());
        offers.requestAllocation();
        return CallResult.OK;
      }
      default -> {
        return new CallResult(501, null);
      }
    }
    return CallResult.ACCEPTED;
  }

  // ---- from agents ----

  @Override
  public void statusUpdate(FrameworkID framework, TaskStatus status) {
    tasks.statusUpdate(framework, status);
  }

  @Override
  public void executorTerminated(AgentID agentId, FrameworkID framework, ExecutorID executor,
      int status) {
    AgentRecord agent = state.agents.get(agentId.getValue());
    if (agent != null) {
      Map<String, ExecutorInfo> executors = agent.executors.get(framework.getValue());
      if (executors != null) {
        executors.remove(executor.getValue());
      }
    }
    Framework fw = state.frameworks.get(framework.getValue());
    if (fw != null) {
      fw.send(Events.executorFailure(agentId, executor, status));
    }
    offers.requestAllocation();
  }

  @Override
  public void executorMessage(AgentID agent, FrameworkID framework, ExecutorID executor,
      ByteString data) {
    Framework fw = state.frameworks.get(framework.getValue());
    if (fw != null) {
      fw.send(Events.message(agent, executor, data));
    }
  }

  /** Whether any framework still has a task that is not terminal. */
  public boolean hasLiveTasks() {
    return state.frameworks.values().stream().flatMap(f -> f.tasks.values().stream())
        .anyMatch(t -> !Statuses.isTerminal(t.state));
  }

  /** Kills every live task (mesos-local is closing). */
  public void killAll() {
    for (Framework fw : state.frameworks.values()) {
      for (TaskRecord t : fw.tasks.values()) {
        if (!Statuses.isTerminal(t.state)) {
          AgentRecord agent = state.agents.get(t.agentId);
          if (agent != null) {
            agent.link.killTask(fw.id, t.info.getTaskId(), Optional.empty());
          }
        }
      }
    }
  }
}
