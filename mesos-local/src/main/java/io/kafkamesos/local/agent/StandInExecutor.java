package io.kafkamesos.local.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kafkamesos.commons.mesos.ContentType;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>Benchmark only</b> (see {@link StandInExecutors}): an executor inside mesos-local's JVM that
 * speaks the v1 executor HTTP API to its agent like a real one. It subscribes (protobuf over a
 * RecordIO stream, read asynchronously: no thread of its own), answers each LAUNCH with
 * TASK_STARTING and then TASK_RUNNING, each KILL with TASK_KILLED, SHUTDOWN with TASK_KILLED for
 * its live tasks, and exits once it runs no task and its updates are acknowledged (or after
 * {@link StandInExecutors#ACK_TIMEOUT}), as an executor of one task does. It runs no command and
 * fetches nothing; it does not reconnect when its stream ends (it exits, as if it had given up at
 * once) and does not survive mesos-local's stop.
 *
 * <p>Its exit status stands in for a process's: 0 after its tasks ended, 1 when its agent went
 * away or refused it, 143 when the agent terminated it ({@link #terminate}), 137 when killed.
 */
final class StandInExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(StandInExecutor.class);
  private static final ContentType TYPE = ContentType.PROTOBUF;

  private final URI endpoint;
  private final FrameworkID frameworkId;
  private final ExecutorID executorId;
  private final String token;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private final Duration ackTimeout;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  // guarded by this
  private final Map<String, TaskState> tasks = new HashMap<>();
  private final Set<ByteString> unacknowledged = new HashSet<>();
  private boolean finishing;
  private boolean shuttingDown;
  private Flow.Subscription stream;

  StandInExecutor(Map<String, String> env, HttpClient http, ScheduledExecutorService timer,
      Duration ackTimeout) {
    this.endpoint = URI.create("http://" + required(env, "MESOS_AGENT_ENDPOINT")
        + ExecutorEndpoint.PATH);
    this.frameworkId = FrameworkID.newBuilder().setValue(required(env, "MESOS_FRAMEWORK_ID"))
        .build();
    this.executorId = ExecutorID.newBuilder().setValue(required(env, "MESOS_EXECUTOR_ID")).build();
    this.token = env.get(ExecutorTokens.ENVIRONMENT_VARIABLE);
    this.http = Objects.requireNonNull(http);
    this.timer = Objects.requireNonNull(timer);
    this.ackTimeout = Objects.requireNonNull(ackTimeout);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no " + name + " in the executor's environment");
    }
    return value;
  }

  /** Completes with the exit status once the stand-in ended. */
  CompletionStage<Integer> exit() {
    return exit;
  }

  boolean alive() {
    return !exit.isDone();
  }

  /** What SIGTERM is to a process: the stand-in ends at once (it has nothing to stop). */
  void terminate() {
    end(143, "terminated by the agent");
  }

  /** What SIGKILL is to a process. */
  void kill() {
    end(137, "killed");
  }

  void subscribe() {
    Call call = call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()).build();
    HttpRequest request = request(call).header("Accept", TYPE.mediaType()).build();
    http.sendAsync(request, info -> info.statusCode() == 200
            ? new RecordIoSubscriber(this::received, this::opened)
            : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(
                StandardCharsets.UTF_8), body -> {
                  end(1, "SUBSCRIBE refused: " + info.statusCode() + " " + body);
                  return null;
                }))
        .whenComplete((response, failure) -> end(1, failure != null
            ? "the stream from " + endpoint + " failed: " + failure
            : "the stream from " + endpoint + " ended"));
  }

  private synchronized void opened(Flow.Subscription subscription) {
    stream = subscription;
    if (!alive()) {
      subscription.cancel();
    }
  }

  private void received(Event event) {
    switch (event.getType()) {
      case LAUNCH -> launch(event.getLaunch().getTask());
      case LAUNCH_GROUP -> event.getLaunchGroup().getTaskGroup().getTasksList()
          .forEach(t -> finished(t.getTaskId(), TaskState.TASK_FAILED,
              "the stand-in executor runs single tasks, not task groups"));
      case KILL -> finished(event.getKill().getTaskId(), TaskState.TASK_KILLED,
          "killed (stand-in executor)");
      case SHUTDOWN -> shutdown();
      case ACKNOWLEDGED -> acknowledged(event.getAcknowledged().getUuid());
      default -> {
        // SUBSCRIBED, HEARTBEAT, MESSAGE, ERROR: nothing to do
      }
    }
  }

  private void launch(TaskInfo task) {
    synchronized (this) {
      tasks.put(task.getTaskId().getValue(), TaskState.TASK_STARTING);
    }
    // in order, as a real executor's updates: RUNNING only after the agent took STARTING
    update(task.getTaskId(), TaskState.TASK_STARTING, "starting (stand-in executor)")
        .thenCompose(ok -> {
          synchronized (this) {
            if (tasks.get(task.getTaskId().getValue()) != TaskState.TASK_STARTING) {
              return CompletableFuture.completedFuture(null); // killed meanwhile
            }
            tasks.put(task.getTaskId().getValue(), TaskState.TASK_RUNNING);
          }
          return update(task.getTaskId(), TaskState.TASK_RUNNING, "running (stand-in executor)");
        });
  }

  private void finished(TaskID taskId, TaskState state, String message) {
    synchronized (this) {
      TaskState now = tasks.get(taskId.getValue());
      if (now == null || now == TaskState.TASK_KILLED || now == TaskState.TASK_FAILED) {
        return;
      }
      tasks.put(taskId.getValue(), state);
    }
    update(taskId, state, message);
    finishIfIdle();
  }

  private void shutdown() {
    List<String> live;
    synchronized (this) {
      shuttingDown = true;
      live = tasks.entrySet().stream().filter(e -> e.getValue() == TaskState.TASK_STARTING
          || e.getValue() == TaskState.TASK_RUNNING).map(Map.Entry::getKey).toList();
    }
    live.forEach(id -> finished(TaskID.newBuilder().setValue(id).build(), TaskState.TASK_KILLED,
        "shut down with its executor (stand-in executor)"));
    finishIfIdle();
  }

  /**
   * An executor of one task ends with it (or on SHUTDOWN): once no task runs and its updates are
   * acknowledged, or {@link StandInExecutors#ACK_TIMEOUT} after.
   */
  private void finishIfIdle() {
    synchronized (this) {
      if (!finishing) {
        boolean idle = (shuttingDown || !tasks.isEmpty()) && tasks.values().stream()
            .noneMatch(s -> s == TaskState.TASK_STARTING || s == TaskState.TASK_RUNNING);
        if (!idle) {
          return;
        }
        finishing = true;
        if (!unacknowledged.isEmpty()) {
          timer.schedule(() -> end(0, "its tasks ended (updates not all acknowledged)"),
              ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
      }
      if (unacknowledged.isEmpty()) {
        end(0, "its tasks ended");
      }
    }
  }

  private void acknowledged(ByteString uuid) {
    synchronized (this) {
      unacknowledged.remove(uuid);
    }
    finishIfIdle();
  }

  private CompletableFuture<Void> update(TaskID taskId, TaskState state, String message) {
    ByteString uuid = uuid();
    synchronized (this) {
      unacknowledged.add(uuid);
    }
    TaskStatus status = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setExecutorId(executorId)
        .setMessage(message).setUuid(uuid)
        .setTimestamp(System.currentTimeMillis() / 1000.0).build();
    Call call = call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status))
        .build();
    return http.sendAsync(request(call).build(), HttpResponse.BodyHandlers.ofString())
        .thenAccept(response -> {
          if (response.statusCode() != 202) {
            LOG.warn("Stand-in executor {}: the agent refused {} of task {}: {} {}",
                executorId.getValue(), state, taskId.getValue(), response.statusCode(),
                response.body());
          }
        })
        .exceptionally(e -> {
          LOG.warn("Stand-in executor {}: {} of task {} not sent: {}", executorId.getValue(),
              state, taskId.getValue(), e.toString());
          return null;
        });
  }

  private void end(int status, String why) {
    if (exit.complete(status)) {
      LOG.info("Stand-in executor {} of framework {} exits with status {}: {}",
          executorId.getValue(), frameworkId.getValue(), status, why);
      Flow.Subscription s;
      synchronized (this) {
        s = stream;
      }
      if (s != null) {
        s.cancel();
      }
    }
  }

  private Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
  }

  private HttpRequest.Builder request(Call call) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", TYPE.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(TYPE.encode(call)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static ByteString uuid() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return ByteString.copyFrom(b.array());
  }

  /** Reads a RecordIO stream of events as it arrives ({@code <length>\n<bytes>}...). */
  private static final class RecordIoSubscriber implements HttpResponse.BodySubscriber<Void> {
    private final Consumer<Event> events;
    private final Consumer<Flow.Subscription> opened;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    RecordIoSubscriber(Consumer<Event> events, Consumer<Flow.Subscription> opened) {
      this.events = events;
      this.opened = opened;
    }

    @Override
    public CompletionStage<Void> getBody() {
      return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      opened.accept(s);
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        pending.writeBytes(bytes);
      }
      try {
        drain();
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        subscription.cancel();
        done.completeExceptionally(e);
      }
    }

    /** Hands on every complete record; keeps the rest. */
    private void drain() throws InvalidProtocolBufferException {
      byte[] buffer = pending.toByteArray();
      int at = 0;
      while (true) {
        int newline = -1;
        for (int i = at; i < buffer.length; i++) {
          if (buffer[i] == '\n') {
            newline = i;
            break;
          }
        }
        if (newline < 0) {
          break;
        }
        int length = Integer.parseInt(new String(buffer, at, newline - at,
            StandardCharsets.US_ASCII).trim());
        if (buffer.length - newline - 1 < length) {
          break;
        }
        byte[] record = new byte[length];
        System.arraycopy(buffer, newline + 1, record, 0, length);
        at = newline + 1 + length;
        events.accept(TYPE.decode(record, Event.newBuilder()));
      }
      pending.reset();
      pending.write(buffer, at, buffer.length - at);
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }
}
