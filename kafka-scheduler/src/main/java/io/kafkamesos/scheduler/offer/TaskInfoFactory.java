package io.kafkamesos.scheduler.offer;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
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
 */
public final class TaskInfoFactory {

  /** Where the fetcher puts the executor jar in the sandbox. */
  public static final String EXECUTOR_JAR = "kafka-executor.jar";
  /** The broker's data directory in the sandbox: the volume's container path with {@code pv}. */
  public static final String DATA_DIR = "kafka-data";
  /** Where the Kafka archive unpacks in the sandbox: its single top folder, found by the executor. */
  public static final String KAFKA_HOME = "";
  /** Long enough for a controlled shutdown to move partition leadership away. */
  public static final Duration KILL_GRACE_PERIOD = Duration.ofSeconds(60);

  private final SchedulerSettings settings;
  private final Map<String, String> executorEnvironment;

  public TaskInfoFactory(SchedulerSettings settings) {
    this(settings, Map.of());
  }

  /** @param executorEnvironment variables for each executor (where its logs and metrics go) */
  public TaskInfoFactory(SchedulerSettings settings, Map<String, String> executorEnvironment) {
    this.settings = Objects.requireNonNull(settings);
    this.executorEnvironment = Map.copyOf(executorEnvironment);
  }

  /**
   * The executor's shell command: {@code <java> -Xmx64m -jar kafka-executor.jar}, with the agent's
   * java ({@code EXECUTOR_JAVA}), or with {@code JAVA_URI} the {@code bin/java} of the runtime the
   * fetcher unpacked into the sandbox (the broker then runs on the same java as the executor). A
   * runtime archive without {@code <folder>/bin/java} ends the executor at once, saying so.
   */
  static String executorCommand(SchedulerSettings settings) {
    String run = " -Xmx64m -jar " + EXECUTOR_JAR;
    if (settings.kafka().java().isEmpty()) {
      return settings.javaCommand() + run;
    }
    return "JAVA=$(ls -d */bin/java 2>/dev/null | head -n 1); "
        + "if [ -z \"$JAVA\" ]; then echo 'kafka-executor: the JAVA_URI archive unpacked no"
        + " <folder>/bin/java into the sandbox' >&2; exit 2; fi; "
        + "exec \"./$JAVA\"" + run;
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
    SchedulerSettings settings = launch;
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
            .setOutputFile(EXECUTOR_JAR))
        .addUris(CommandInfo.URI.newBuilder()
            .setValue(settings.kafka().uri())
            .setExtract(true));
    settings.kafka().java().ifPresent(java -> command.addUris(CommandInfo.URI.newBuilder()
        .setValue(java)
        .setExtract(true)));
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
        .setData(ByteString.copyFrom(spec.encode()))
        .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(
            DurationInfo.newBuilder().setNanoseconds(KILL_GRACE_PERIOD.toNanos())))
        .build();
  }
}
