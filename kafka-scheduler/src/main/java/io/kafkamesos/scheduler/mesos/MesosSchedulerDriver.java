package io.kafkamesos.scheduler.mesos;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.MesosClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * {@link SchedulerDriver} over a commons {@link MesosClient}: stamps each call with the framework
 * id of the current subscription and sends it. Also answers whether a subscription is up, for the
 * health check.
 */
public final class MesosSchedulerDriver implements SchedulerDriver {

  private final Clock clock;
  private volatile MesosClient<Call, Event> client;
  private volatile FrameworkID frameworkId;
  private volatile String lastDisconnect = "not subscribed yet";
  private volatile Instant lastEvent;
  private volatile Consumer<Event.Message> executorMessages = message -> { };

  public MesosSchedulerDriver(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /** Gives the driver its client, once built (the client needs the driver's listener first). */
  public void attach(MesosClient<Call, Event> mesosClient) {
    this.client = Objects.requireNonNull(mesosClient);
  }

  void subscribed(FrameworkID id) {
    this.frameworkId = id;
    this.lastEvent = clock.instant();
  }

  void unsubscribed(String reason) {
    this.frameworkId = null;
    this.lastDisconnect = reason;
  }

  void heartbeat() {
    this.lastEvent = clock.instant();
  }

  /**
   * Where the executors' {@code MESSAGE}s go (their brokers' metrics). Called on the subscription's
   * thread: the listener must return quickly and never throw.
   */
  public void onExecutorMessage(Consumer<Event.Message> listener) {
    this.executorMessages = Objects.requireNonNull(listener);
  }

  void executorMessage(Event.Message message) {
    executorMessages.accept(message);
  }

  /** The framework id of the current subscription, if subscribed. */
  public Optional<FrameworkID> frameworkId() {
    return Optional.ofNullable(frameworkId);
  }

  public boolean isSubscribed() {
    MesosClient<Call, Event> c = client;
    return frameworkId != null && c != null && c.isConnected();
  }

  /** Why the latest subscription ended. */
  public String lastDisconnect() {
    return lastDisconnect;
  }

  /** Where the client stands (which master, or why and until when it waits), once attached. */
  public Optional<MesosClient.Status> connection() {
    MesosClient<Call, Event> c = client;
    return c == null ? Optional.empty() : Optional.of(c.status());
  }

  /** When the last SUBSCRIBED or HEARTBEAT arrived, if any. */
  public Optional<Instant> lastEvent() {
    return Optional.ofNullable(lastEvent);
  }

  @Override
  public void accept(List<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
    send("accept", Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addAllOfferIds(offerIds).addAllOperations(operations).setFilters(filters)));
  }

  @Override
  public void decline(List<OfferID> offerIds, Filters filters) {
    send("decline", Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
        .addAllOfferIds(offerIds).setFilters(filters)));
  }

  @Override
  public void kill(TaskID taskId, AgentID agentId) {
    Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(taskId);
    if (agentId != null) {
      kill.setAgentId(agentId);
    }
    send("kill", Call.newBuilder().setType(Call.Type.KILL).setKill(kill));
  }

  @Override
  public void reconcile(List<Call.Reconcile.Task> tasks) {
    send("reconcile", Call.newBuilder().setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)));
  }

  @Override
  public void revive() {
    send("revive", Call.newBuilder().setType(Call.Type.REVIVE));
  }

  @Override
  public void suppress() {
    send("suppress", Call.newBuilder().setType(Call.Type.SUPPRESS));
  }

  @Override
  public void acknowledge(AgentID agentId, TaskID taskId, ByteString uuid) {
    send("acknowledge", Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
        .setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(agentId).setTaskId(taskId).setUuid(uuid)));
  }

  /**
   * Sends {@code data} to an executor (the scheduler's {@code MESSAGE} call; the executor receives
   * a {@code MESSAGE} event). Best effort, as Mesos delivers it: a lost message is not resent.
   */
  public void message(AgentID agentId, org.apache.mesos.v1.Protos.ExecutorID executorId, byte[] data) {
    send("message", Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
        .setAgentId(agentId).setExecutorId(executorId)
        .setData(ByteString.copyFrom(data))));
  }

  private void send(String what, Call.Builder call) {
    FrameworkID id = frameworkId;
    MesosClient<Call, Event> c = client;
    if (id == null || c == null) {
      throw new NotSubscribedException(what);
    }
    c.send(call.setFrameworkId(id).build());
  }
}
