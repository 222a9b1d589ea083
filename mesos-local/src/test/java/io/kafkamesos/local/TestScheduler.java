package io.kafkamesos.local;

import static org.assertj.core.api.Assertions.fail;

import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.local.testexec.TestExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A small test framework on commons' MesosClient: it keeps every event, re-subscribes with the
 * framework id it was given, and offers helpers to build calls and wait for events.
 */
final class TestScheduler implements AutoCloseable {

  private final FrameworkInfo base;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private volatile FrameworkID id;
  private final MesosClient<Call, Event> client;

  TestScheduler(String masterUrl, FrameworkInfo info, ContentType contentType) {
    this.base = info;
    this.id = info.hasId() ? info.getId() : null;
    this.client = MesosClient.builder(masterUrl, MesosApi.SCHEDULER)
        .contentType(contentType)
        .subscribeCall(this::subscribeCall)
        .listener(this::received)
        .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 2.0))
        .name("test-scheduler")
        .build()
        .start();
  }

  static FrameworkInfo framework(String name, String role) {
    return FrameworkInfo.newBuilder().setUser("root").setName(name).setRole(role)
        .setCheckpoint(true).setFailoverTimeout(3600)
        .addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT))
        .build();
  }

  private Call subscribeCall() {
    FrameworkInfo.Builder info = base.toBuilder();
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
    if (id != null) {
      info.setId(id);
      call.setFrameworkId(id);
    }
    return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
  }

  private void received(Event event) {
    if (event.getType() == Event.Type.SUBSCRIBED) {
      id = event.getSubscribed().getFrameworkId();
    }
    events.add(event);
  }

  FrameworkID id() {
    return id;
  }

  List<Event> events() {
    return events;
  }

  /** The first event from position {@code from} on that matches, waiting up to the timeout. */
  Event await(int from, Predicate<Event> match, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (int i = from; i < events.size(); i++) {
        if (match.test(events.get(i))) {
          return events.get(i);
        }
      }
      sleep(50);
    }
    return fail("no matching event within " + timeout + "; events: " + types());
  }

  Event await(Predicate<Event> match) {
    return await(0, match, Duration.ofSeconds(60));
  }

  Protos.TaskStatus awaitUpdate(int from, String taskId, Protos.TaskState state) {
    return await(from, e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == state, Duration.ofSeconds(60))
        .getUpdate().getStatus();
  }

  List<String> types() {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      out.add(e.getType() == Event.Type.UPDATE ? "UPDATE(" + e.getUpdate().getStatus()
          .getTaskId().getValue() + "," + e.getUpdate().getStatus().getState() + ")"
          : e.getType().name());
    }
    return out;
  }

  void send(Call.Builder call) {
    client.send(call.setFrameworkId(id).build());
  }

  void acknowledge(Protos.TaskStatus status) {
    send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(
        Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
            .setTaskId(status.getTaskId()).setUuid(status.getUuid())));
  }

  boolean connected() {
    return client.isConnected();
  }

  String streamId() {
    return client.streamId().orElse(null);
  }

  @Override
  public void close() {
    client.close();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The command that starts {@link TestExecutor} with this JVM's test class path. */
  static Protos.CommandInfo testExecutorCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Protos.CommandInfo.newBuilder().setShell(false).setValue(java)
        .addArguments("java").addArguments("-Xmx48m").addArguments("-XX:TieredStopAtLevel=1")
        .addArguments("-cp").addArguments(System.getProperty("java.class.path"))
        .addArguments(TestExecutor.class.getName())
        .build();
  }
}
