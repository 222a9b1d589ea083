package io.kafkamesos.scheduler.offer;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.scheduler.security.NodeTls;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
/**
 * Builds the TaskInfo of a node (a broker, a KRaft controller): our executor, the Kafka
 * distribution of the version its launch spec runs (and {@code JAVA_URI}'s runtime, if any), and
 * the node's properties.
 *
 * <p>URIs whose content cannot change under the same name go through the agent's fetcher cache
 * ({@code CommandInfo.URI.cache}, see {@link #cacheable}): an agent downloads such an archive once,
 * and every later task on it (a relaunch, a restart, another node) extracts its own copy
 * from the cache. Mesos never looks at a cached URI again until its cache drops it, so a URI whose
 * file may be replaced in place (the executor jar of a build, a {@code -SNAPSHOT}) is fetched anew
 * on every launch.
 */
public final class TaskInfoFactory {

  /** Where the fetcher puts the executor jar in the sandbox. */
  public static final String EXECUTOR_JAR = "kafka-executor.jar";
  /** The broker's data directory in the sandbox: the volume's container path with {@code pv}. */
  public static final String DATA_DIR = "kafka-data";
  /** Where the Kafka archive unpacks in the sandbox: its single top folder, found by the executor. */
  public static final String KAFKA_HOME = "";
  /**
   * The executor JVM's start-up flags (issue 16): it starts on every launch and relaunch of a
   * broker, and then only relays calls and polls its broker, so it needs neither C2 nor a parallel
   * collector. C1 only ({@code TieredStopAtLevel=1}) and the serial collector start it sooner and
   * keep it smaller; the JDK's own class-data archive ({@code -Xshare:auto}, the default) stays on.
   */
  public static final String EXECUTOR_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
  /** Long enough for a controlled shutdown to move partition leadership away. */
  public static final Duration KILL_GRACE_PERIOD = Duration.ofSeconds(60);

  private final SchedulerSettings settings;
  private final Map<String, String> executorEnvironment;
  private final NodeTls tls;

  public TaskInfoFactory(SchedulerSettings settings) {
    this(settings, Map.of());
  }

  /** @param executorEnvironment variables for each executor (where its logs and metrics go) */
  public TaskInfoFactory(SchedulerSettings settings, Map<String, String> executorEnvironment) {
    this(settings, executorEnvironment, NodeTls.NONE);
  }

  /** @param tls the nodes' ports and TLS task data (issue 15), {@link NodeTls#NONE} without TLS */
  public TaskInfoFactory(SchedulerSettings settings, Map<String, String> executorEnvironment,
      NodeTls tls) {
    this.settings = Objects.requireNonNull(settings);
    this.executorEnvironment = Map.copyOf(executorEnvironment);
    this.tls = Objects.requireNonNull(tls);
  }

  /** How the nodes' TLS shapes their launches: ports per node, TLS task data. */
  public NodeTls tls() {
    return tls;
  }

  /**
   * The executor's shell command: {@code <java> <EXECUTOR_JVM_FLAGS> -Xmx64m -jar kafka-executor.jar},
   * with the agent's
   * java ({@code EXECUTOR_JAVA}), or with {@code JAVA_URI} the {@code bin/java} of the runtime the
   * fetcher unpacked into the sandbox (the broker then runs on the same java as the executor). A
   * runtime archive without {@code <folder>/bin/java} ends the executor at once, saying so.
   */
  static String executorCommand(SchedulerSettings settings) {
    String run = " " + EXECUTOR_JVM_FLAGS + " -Xmx64m -jar " + EXECUTOR_JAR;
    if (settings.kafka().java().isEmpty()) {
      return settings.javaCommand() + run;
    }
    return "JAVA=$(ls -d */bin/java 2>/dev/null | head -n 1); "
        + "if [ -z \"$JAVA\" ]; then echo 'kafka-executor: the JAVA_URI archive unpacked no"
        + " <folder>/bin/java into the sandbox' >&2; exit 2; fi; "
        + "exec \"./$JAVA\"" + run;
  }

  /**
   * Whether the agent may keep the URI in its fetcher cache: only when its file name carries a
   * release version ({@code kafka_2.13-3.9.1.tgz}, {@code OpenJDK17U-jdk_x64_linux_17.0.9.tar.gz}),
   * which by convention names one content for good. A name without a version
   * ({@code kafka-executor.jar}, rebuilt in place) or with {@code SNAPSHOT} may get new content under
   * the same URI, which a cached copy would hide until the agent restarts.
   */
  static boolean cacheable(String uri) {
    String path = uri.replaceFirst("[?#].*$", "");
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.matches(".*\\d+\\.\\d+.*")
        && !name.toUpperCase(java.util.Locale.ROOT).contains("SNAPSHOT");
  }

  /** A broker of a ZooKeeper-mode cluster, with the cluster's own settings. */
  public TaskInfo brokerTask(FrameworkID frameworkId, AgentID agentId, String hostname,
      BrokerTaskId taskId, int port, List<Resource> taskResources, List<Resource> executorResources) {
    return brokerTask(frameworkId, agentId, hostname, taskId, port, taskResources, executorResources,
        settings);
  }

  /**
   * A broker of a ZooKeeper-mode cluster.
   *
   * @param launch the settings of the broker's launch spec: its Kafka archive and version, broker
   *     properties (the plan's pins among them), JVM and executor
   */
  public TaskInfo brokerTask(FrameworkID frameworkId, AgentID agentId, String hostname,
      BrokerTaskId taskId, int port, List<Resource> taskResources, List<Resource> executorResources,
      SchedulerSettings launch) {
    return nodeTask(frameworkId, agentId, hostname,
        new NodeTaskId(NodeKind.BROKER, taskId.brokerId(), taskId.uuid()), port, taskResources,
        executorResources, null, launch);
  }

  /**
   * A node's task.
   *
   * @param kraft the KRaft side of its spec, or null in ZooKeeper mode
   * @param launch the settings of the node's launch spec
   */
  public TaskInfo nodeTask(FrameworkID frameworkId, AgentID agentId, String hostname,
      NodeTaskId taskId, int port, List<Resource> taskResources, List<Resource> executorResources,
      KraftSpec kraft, SchedulerSettings launch) {
    return nodeTask(frameworkId, agentId, hostname, taskId,
        java.util.stream.IntStream.range(0, tls.ports(taskId.kind())).mapToObj(i -> port + i).toList(),
        taskResources, executorResources, kraft, launch);
  }

  /**
   * A node's task whose listeners take {@code ports} (one each, in its layout's order; the first
   * is the port the executor probes and the scheduler records).
   */
  public TaskInfo nodeTask(FrameworkID frameworkId, AgentID agentId, String hostname,
      NodeTaskId taskId, List<Integer> ports, List<Resource> taskResources,
      List<Resource> executorResources, KraftSpec kraft, SchedulerSettings launch) {
    SchedulerSettings settings = launch;
    int port = ports.get(0);
    NodeKind kind = taskId.kind();
    BrokerTaskSpec spec = new BrokerTaskSpec(taskId.nodeId(), settings.frameworkName(),
        kraft == null ? settings.kafkaZookeeperChroot() : "", hostname, port,
        settings.resourcesOf(kind).heapMb(), DATA_DIR, KAFKA_HOME, settings.overrides(),
        settings.kafka().version().version(), kind, kraft);
    String taskName = kind.prefix() + "-" + taskId.nodeId();
    CommandInfo.Builder command = CommandInfo.newBuilder()
        .setShell(true)
        .setValue(executorCommand(settings))
        .addUris(CommandInfo.URI.newBuilder()
            .setValue(settings.executorUri())
            .setExecutable(false)
            .setExtract(false)
            .setCache(cacheable(settings.executorUri()))
            .setOutputFile(EXECUTOR_JAR))
        .addUris(CommandInfo.URI.newBuilder()
            .setValue(settings.kafka().uri())
            .setExtract(true)
            .setCache(cacheable(settings.kafka().uri())));
    settings.kafka().java().ifPresent(java -> command.addUris(CommandInfo.URI.newBuilder()
        .setValue(java)
        .setExtract(true)
        .setCache(cacheable(java))));
    if (!executorEnvironment.isEmpty()) {
      Environment.Builder environment = Environment.newBuilder();
      new java.util.TreeMap<>(executorEnvironment).forEach((name, value) -> environment.addVariables(
          Environment.Variable.newBuilder().setName(name).setValue(value)));
      command.setEnvironment(environment);
    }
    ExecutorInfo executor = ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(taskId.executorId()))
        .setFrameworkId(frameworkId)
        .setName(taskName + " executor (" + settings.frameworkName() + ")")
        .setCommand(command)
        .addAllResources(executorResources)
        .build();
    return TaskInfo.newBuilder()
        .setName(taskName)
        .setTaskId(TaskID.newBuilder().setValue(taskId.toString()))
        .setAgentId(agentId)
        .addAllResources(taskResources)
        .setExecutor(executor)
        .setData(ByteString.copyFrom(tls.spec(taskId, hostname, ports)
            .map(t -> t.appendTo(spec.encode())).orElseGet(spec::encode)))
        .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(
            DurationInfo.newBuilder().setNanoseconds(KILL_GRACE_PERIOD.toNanos())))
        .build();
  }
}
