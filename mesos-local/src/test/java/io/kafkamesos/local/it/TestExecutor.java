package io.kafkamesos.local.it;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.Credential;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.commons.mesos.MesosDuration;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A small custom executor, run by the agent as a real child process. It speaks the v1 executor API
 * through the commons {@link MesosClient} and does what the task's {@code data} (properties text)
 * asks, so that tests can observe the agent from the outside:
 *
 * <ul>
 *   <li>always: TASK_RUNNING with message {@code pid=<pid>} and the same in the status data;
 *   <li>{@code volume=<container path>}, {@code marker=<text>}: reads {@code marker.txt} in the
 *       volume, reports its previous content ({@code previous=...}, {@code <none>} if absent) and
 *       writes the marker;
 *   <li>{@code launch=fail}: answers TASK_FAILED instead of TASK_RUNNING;
 *   <li>{@code finish.file=<path>}: sends TASK_FINISHED once the file exists (kept as an
 *       unacknowledged update if the agent cannot be reached);
 *   <li>{@code exit.file=<path>}, {@code exit.code=<n>}: exits with the code, without a terminal
 *       update, once the file exists;
 *   <li>{@code report.env=true}: puts the {@code MESOS_*}, {@code LIBPROCESS_*} and
 *       {@code TEST_*} environment into the status data;
 *   <li>{@code spawn.child=<seconds>}: starts {@code sleep <seconds>} as its own child process
 *       (as the Kafka executor starts a broker) and reports its pid as {@code child};
 *   <li>{@code check.files=a,b/c}: reports {@code file.<name>=present|executable|absent} for paths
 *       relative to the sandbox.
 * </ul>
 *
 * <p>With {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN} in its environment it sends
 * {@code Authorization: Bearer <token>} with every request, as Mesos' executor library does.
 *
 * <p>KILL answers TASK_KILLED; with no task left the executor exits once the agent acknowledged
 * the terminal update. SHUTDOWN kills every task and exits. On a lost connection it re-subscribes
 * with its unacknowledged tasks and updates while checkpointing is on, else exits.
 */
public final class TestExecutor implements MesosClient.Listener<Event> {

  private static final Pattern PID = Pattern.compile("pid=(\\d+)");
  private static final Duration MAX_RECOVERY = Duration.ofMinutes(3);

  private final Map<String, String> env;
  private final FrameworkID frameworkId;
  private final ExecutorID executorId;
  private final Path sandbox;
  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final long pid = ProcessHandle.current().pid();
  private final Map<TaskID, TaskInfo> live = new ConcurrentHashMap<>();
  private final Map<TaskID, TaskInfo> unacknowledgedTasks = new ConcurrentHashMap<>();
  private final Map<ByteString, Call.Update> unacknowledgedUpdates = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private MesosClient<Call, Event> client;
  private volatile boolean everConnected;
  private volatile long disconnectedSince = System.nanoTime();
  private volatile boolean exitWhenAcknowledged;

  private TestExecutor(Map<String, String> env) {
    this.env = env;
    this.frameworkId = FrameworkID.newBuilder().setValue(required("MESOS_FRAMEWORK_ID")).build();
    this.executorId = ExecutorID.newBuilder().setValue(required("MESOS_EXECUTOR_ID")).build();
    this.sandbox = Path.of(env.getOrDefault("MESOS_SANDBOX",
        env.getOrDefault("MESOS_DIRECTORY", System.getProperty("user.dir"))));
    String cp = env.getOrDefault("MESOS_CHECKPOINT", "0");
    this.checkpoint = cp.equals("1") || cp.equalsIgnoreCase("true");
    Duration recovery = parseMesosDuration(env.get("MESOS_RECOVERY_TIMEOUT"))
        .orElse(Duration.ofMinutes(15));
    this.recoveryTimeout = recovery.compareTo(MAX_RECOVERY) > 0 ? MAX_RECOVERY : recovery;
  }

  public static void main(String[] args) throws Exception {
    TestExecutor executor = new TestExecutor(System.getenv());
    ContentType type = args.length > 0 && args[0].equalsIgnoreCase("json")
        ? ContentType.JSON : ContentType.PROTOBUF;
    executor.run(type);
  }

  /** The pid the test executor reported in a status message, if any. */
  public static Optional<Long> pidIn(TaskStatus status) {
    Matcher m = PID.matcher(status.getMessage());
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /** The properties the test executor put into a status's data. */
  public static Properties report(TaskStatus status) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(status.getData().toStringUtf8()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private void run(ContentType type) throws InterruptedException {
    Duration backoffMax = parseMesosDuration(env.get("MESOS_SUBSCRIPTION_BACKOFF_MAX"))
        .filter(d -> d.compareTo(Duration.ofMillis(100)) >= 0)
        .orElse(Duration.ofSeconds(1));
    MesosClient.Builder<Call, Event> builder = MesosClient.builder(
        "http://" + required("MESOS_AGENT_ENDPOINT"), MesosApi.EXECUTOR)
        .contentType(type)
        .subscribeCall(this::subscribeCall)
        .listener(this)
        .backoff(new Backoff(Duration.ofMillis(100), backoffMax, 2.0))
        .name("test-executor");
    String token = env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
    if (token != null && !token.isBlank()) {
      builder.credential(Credential.bearer(token)); // as Mesos' executor library does
    }
    client = builder.build().start();
    log("started pid " + pid + ", checkpoint " + checkpoint + ", sandbox " + sandbox);
    while (true) {
      Thread.sleep(200);
      long since = disconnectedSince;
      long down = since == 0 ? 0 : System.nanoTime() - since;
      if (!client.isConnected() && since != 0) {
        if (!everConnected && down > Duration.ofMinutes(1).toNanos()) {
          exit(2, "never subscribed");
        }
        if (everConnected && !checkpoint) {
          exit(0, "disconnected from the agent and checkpointing is off");
        }
        if (everConnected && down > recoveryTimeout.toNanos()) {
          exit(0, "recovery timeout elapsed");
        }
      }
    }
  }

  @Override
  public void connected() {
    log("connected to the agent");
  }

  @Override
  public void disconnected(String reason) {
    log("disconnected: " + reason);
    if (disconnectedSince == 0) {
      disconnectedSince = System.nanoTime();
    }
  }

  @Override
  public void received(Event event) {
    synchronized (lock) {
      switch (event.getType()) {
        case SUBSCRIBED -> {
          everConnected = true;
          disconnectedSince = 0;
          log("subscribed on agent " + event.getSubscribed().getAgentInfo().getHostname());
        }
        case LAUNCH -> launch(event.getLaunch().getTask());
        case KILL -> kill(event.getKill().getTaskId());
        case ACKNOWLEDGED -> acknowledged(event.getAcknowledged());
        case SHUTDOWN -> shutdown();
        case MESSAGE -> message(event.getMessage().getData().toStringUtf8());
        case ERROR -> log("ERROR from agent: " + event.getError().getMessage());
        default -> {
        }
      }
    }
  }

  private void launch(TaskInfo task) {
    Properties behaviour = parse(task.getData());
    live.put(task.getTaskId(), task);
    unacknowledgedTasks.put(task.getTaskId(), task);
    Map<String, String> report = new LinkedHashMap<>();
    report.put("pid", Long.toString(pid));
    StringBuilder message = new StringBuilder("pid=").append(pid);
    String volume = behaviour.getProperty("volume");
    if (volume != null) {
      Path file = sandbox.resolve(volume).resolve("marker.txt");
      String previous;
      try {
        previous = Files.exists(file) ? Files.readString(file).trim() : "<none>";
        String marker = behaviour.getProperty("marker");
        if (marker != null) {
          Files.writeString(file, marker);
        }
      } catch (IOException e) {
        previous = "<error " + e + ">";
      }
      report.put("previous", previous);
      message.append(";previous=").append(previous);
    }
    String files = behaviour.getProperty("check.files");
    if (files != null) {
      for (String name : files.split(",")) {
        Path file = sandbox.resolve(name.trim());
        report.put("file." + name.trim(), !Files.exists(file) ? "absent"
            : Files.isExecutable(file) && !Files.isDirectory(file) ? "executable" : "present");
      }
    }
    if (Boolean.parseBoolean(behaviour.getProperty("report.env"))) {
      env.forEach((k, v) -> {
        if (k.startsWith("MESOS_") || k.startsWith("LIBPROCESS_") || k.startsWith("TEST_")) {
          report.put("env." + k, v);
        }
      });
    }
    if (behaviour.getProperty("spawn.child") != null) {
      // a process of its own, as the Kafka executor's broker JVM: the agent must kill it too
      try {
        Process child = new ProcessBuilder("sleep", behaviour.getProperty("spawn.child"))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        report.put("child", Long.toString(child.pid()));
      } catch (IOException e) {
        report.put("child", "<error " + e + ">");
      }
    }
    if ("fail".equals(behaviour.getProperty("launch"))) {
      live.remove(task.getTaskId());
      update(task.getTaskId(), TaskState.TASK_FAILED, message + ";launch failed on request", report);
      return;
    }
    update(task.getTaskId(), TaskState.TASK_RUNNING, message.toString(), report);
    String finishFile = behaviour.getProperty("finish.file");
    if (finishFile != null) {
      TaskID id = task.getTaskId();
      Thread watcher = new Thread(() -> {
        while (!Files.exists(Path.of(finishFile))) {
          Poll.sleep(100);
        }
        synchronized (lock) {
          if (live.remove(id) != null) {
            exitWhenAcknowledged = live.isEmpty();
            update(id, TaskState.TASK_FINISHED, "pid=" + pid + ";finished on request",
                Map.of("pid", "" + pid));
          }
        }
      }, "finish-watcher");
      watcher.setDaemon(true);
      watcher.start();
    }
    String exitFile = behaviour.getProperty("exit.file");
    if (exitFile != null) {
      int code = Integer.parseInt(behaviour.getProperty("exit.code", "3"));
      Thread watcher = new Thread(() -> {
        while (!Files.exists(Path.of(exitFile))) {
          Poll.sleep(100);
        }
        exit(code, "exit file " + exitFile + " appeared");
      }, "exit-watcher");
      watcher.setDaemon(true);
      watcher.start();
    }
  }

  private void kill(TaskID taskId) {
    if (live.remove(taskId) == null) {
      log("KILL for unknown or finished task " + taskId.getValue());
      return;
    }
    update(taskId, TaskState.TASK_KILLED, "pid=" + pid + ";killed", Map.of("pid", "" + pid));
    if (live.isEmpty()) {
      exitWhenAcknowledged = true;
      Thread fallback = new Thread(() -> {
        Poll.sleep(10_000);
        if (live.isEmpty()) {
          exit(0, "no task left");
        }
      }, "exit-fallback");
      fallback.setDaemon(true);
      fallback.start();
    }
  }

  private void acknowledged(Event.Acknowledged ack) {
    unacknowledgedUpdates.remove(ack.getUuid());
    unacknowledgedTasks.remove(ack.getTaskId());
    if (exitWhenAcknowledged && live.isEmpty() && unacknowledgedUpdates.isEmpty()) {
      exit(0, "no task left and every update acknowledged");
    }
  }

  private void shutdown() {
    for (TaskID id : live.keySet()) {
      live.remove(id);
      update(id, TaskState.TASK_KILLED, "pid=" + pid + ";shutdown", Map.of("pid", "" + pid));
    }
    exit(0, "SHUTDOWN");
  }

  private void message(String data) {
    if (data.startsWith("exit:")) {
      exit(Integer.parseInt(data.substring(5).trim()), "MESSAGE " + data);
    }
  }

  private void update(TaskID taskId, TaskState state, String message, Map<String, String> report) {
    TaskStatus status = TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setExecutorId(executorId)
        .setUuid(ByteString.copyFrom(uuidBytes()))
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setMessage(message)
        .setData(ByteString.copyFromUtf8(properties(report)))
        .build();
    Call.Update update = Call.Update.newBuilder().setStatus(status).build();
    unacknowledgedUpdates.put(status.getUuid(), update);
    try {
      client.send(Call.newBuilder().setType(Call.Type.UPDATE).setExecutorId(executorId)
          .setFrameworkId(frameworkId).setUpdate(update).build());
      log("sent " + state + " for " + taskId.getValue());
    } catch (RuntimeException e) {
      // kept as unacknowledged: it goes out again with the next SUBSCRIBE
      log("could not send " + state + " for " + taskId.getValue() + ": " + e.getMessage());
    }
  }

  private Call subscribeCall() {
    synchronized (lock) {
      return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
          .setExecutorId(executorId)
          .setFrameworkId(frameworkId)
          .setSubscribe(Call.Subscribe.newBuilder()
              .addAllUnacknowledgedTasks(unacknowledgedTasks.values())
              .addAllUnacknowledgedUpdates(unacknowledgedUpdates.values()))
          .build();
    }
  }

  private void exit(int code, String why) {
    log("exiting with " + code + ": " + why);
    System.out.flush();
    Runtime.getRuntime().halt(code);
  }

  private String required(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      log("missing environment variable " + name);
      Runtime.getRuntime().halt(64);
    }
    return value;
  }

  private void log(String line) {
    System.out.println("[test-executor " + executorId() + "] " + line);
  }

  private String executorId() {
    return executorId == null ? "?" : executorId.getValue();
  }

  private static byte[] uuidBytes() {
    UUID uuid = UUID.randomUUID();
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
  }

  private static Properties parse(ByteString data) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(data.toString(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  static String properties(Map<String, String> values) {
    Properties p = new Properties();
    p.putAll(values);
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A duration from the agent's environment, empty when absent or unreadable. */
  static Optional<Duration> parseMesosDuration(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(MesosDuration.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
