package io.kafkamesos.local.testexec;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A tiny executor for tests, started by mesos-local as a real process: it subscribes to its
 * agent, answers LAUNCH with TASK_RUNNING (after doing what the task's data asks: {@code
 * write <relative path> <text>} writes into the sandbox, {@code finish} ends the task), KILL with
 * TASK_KILLED, echoes MESSAGE, and exits after SHUTDOWN or when its last task is acknowledged
 * terminal. Unacknowledged updates and tasks go into SUBSCRIBE, so it survives agent restarts.
 */
public final class TestExecutor {

  private final FrameworkID frameworkId;
  private final ExecutorID executorId;
  private final Path sandbox;
  private final Map<String, TaskInfo> tasks = new ConcurrentHashMap<>();
  private final Map<String, Call.Update> unacked = new ConcurrentHashMap<>();
  private final Map<String, TaskState> states = new ConcurrentHashMap<>();
  private final CountDownLatch exit = new CountDownLatch(1);
  private MesosClient<Call, Event> client;

  private TestExecutor() {
    this.frameworkId = FrameworkID.newBuilder().setValue(System.getenv("MESOS_FRAMEWORK_ID"))
        .build();
    this.executorId = ExecutorID.newBuilder().setValue(System.getenv("MESOS_EXECUTOR_ID"))
        .build();
    this.sandbox = Path.of(System.getenv("MESOS_SANDBOX"));
  }

  public static void main(String[] args) throws Exception {
    new TestExecutor().run();
    System.exit(0);
  }

  private void run() throws InterruptedException {
    client = MesosClient.builder("http://" + System.getenv("MESOS_AGENT_ENDPOINT"),
            MesosApi.EXECUTOR)
        .subscribeCall(this::subscribeCall)
        .listener(this::received)
        .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0))
        .name("test-executor")
        .build()
        .start();
    exit.await();
    client.close();
  }

  private Call subscribeCall() {
    Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder()
        .addAllUnacknowledgedUpdates(unacked.values());
    tasks.forEach((id, task) -> {
      if (unacked.values().stream().noneMatch(u -> u.getStatus().getTaskId().getValue()
          .equals(id)) && states.get(id) == null) {
        subscribe.addUnacknowledgedTasks(task);
      }
    });
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(frameworkId)
        .setExecutorId(executorId).setSubscribe(subscribe).build();
  }

  private void received(Event event) {
    switch (event.getType()) {
      case LAUNCH -> launch(event.getLaunch().getTask());
      case KILL -> update(event.getKill().getTaskId(), TaskState.TASK_KILLED);
      case ACKNOWLEDGED -> {
        unacked.remove(uuid(event.getAcknowledged().getUuid()));
        boolean allDone = !states.isEmpty() && states.values().stream()
            .allMatch(TestExecutor::terminal) && unacked.isEmpty();
        if (allDone) {
          exit.countDown();
        }
      }
      case MESSAGE -> client.send(Call.newBuilder().setType(Call.Type.MESSAGE)
          .setFrameworkId(frameworkId).setExecutorId(executorId)
          .setMessage(Call.Message.newBuilder().setData(event.getMessage().getData())).build());
      case SHUTDOWN -> {
        states.forEach((id, state) -> {
          if (!terminal(state)) {
            update(TaskID.newBuilder().setValue(id).build(), TaskState.TASK_KILLED);
          }
        });
        exit.countDown();
      }
      default -> {
      }
    }
  }

  private void launch(TaskInfo task) {
    tasks.put(task.getTaskId().getValue(), task);
    boolean finish = false;
    for (String line : task.getData().toStringUtf8().split("\n")) {
      String[] parts = line.trim().split(" ", 3);
      try {
        if (parts[0].equals("write") && parts.length == 3) {
          Path file = sandbox.resolve(parts[1]);
          Files.createDirectories(file.getParent());
          Files.writeString(file, parts[2]);
        } else if (parts[0].equals("finish")) {
          finish = true;
        }
      } catch (IOException e) {
        update(task.getTaskId(), TaskState.TASK_FAILED);
        return;
      }
    }
    update(task.getTaskId(), TaskState.TASK_RUNNING);
    if (finish) {
      update(task.getTaskId(), TaskState.TASK_FINISHED);
    }
  }

  private void update(TaskID taskId, TaskState state) {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    Call.Update update = Call.Update.newBuilder().setStatus(TaskStatus.newBuilder()
        .setTaskId(taskId).setState(state).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setExecutorId(executorId).setUuid(ByteString.copyFrom(bytes.array()))
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setMessage("test executor: " + state)).build();
    states.put(taskId.getValue(), state);
    unacked.put(uuid.toString(), update);
    try {
      client.send(Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(frameworkId)
          .setExecutorId(executorId).setUpdate(update).build());
    } catch (RuntimeException e) {
      System.err.println("update not sent yet (will go with the next SUBSCRIBE): " + e);
    }
  }

  private static String uuid(ByteString bytes) {
    ByteBuffer b = bytes.asReadOnlyByteBuffer();
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  private static boolean terminal(TaskState state) {
    return state == TaskState.TASK_FINISHED || state == TaskState.TASK_FAILED
        || state == TaskState.TASK_KILLED;
  }
}
