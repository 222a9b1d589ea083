package io.kafkamesos.local.agent;

import io.kafkamesos.local.process.ProcessTree;
import io.kafkamesos.commons.mesos.MesosDuration;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * Starts an executor as a plain child process in its sandbox: the environment Mesos gives an
 * executor, the command ({@code /bin/sh -c value} when {@code shell}, else {@code value} with
 * {@code arguments}), stdout and stderr to files in the sandbox, stdin from /dev/null so that
 * the process outlives mesos-local when it is stopped.
 *
 * <p>No isolation. The environment is the one Mesos 1.12 builds (slave.cpp's
 * {@code executorEnvironment}, then the containerizer's {@code MESOS_SANDBOX}, then the
 * CommandInfo's variables), for an agent started with {@code LIBPROCESS_IP} set to its address
 * (each agent binds its own alias) and with {@code --executor_environment_variables} set to
 * mesos-local's own environment (PATH, JAVA_HOME, ...) minus any MESOS_* and LIBPROCESS_*
 * variable: a Mesos agent without that flag passes nothing but PATH on, which would leave
 * executors without the JDK that mesos-local's user has.
 */
public final class ExecutorLauncher {

  /** Mesos' default agent --recovery_timeout. */
  static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(15);

  private ExecutorLauncher() {
  }

  /**
   * The variables of Mesos' {@code executorEnvironment} (slave.cpp) for this executor, then the
   * containerizer's {@code MESOS_SANDBOX}, then the CommandInfo's variables.
   *
   * @param token the executor's authentication token, when executors must authenticate
   */
  public static Map<String, String> environment(AgentInfo agent, FrameworkInfo framework,
      ExecutorInfo executor, Path sandbox, Duration defaultGrace, Duration reregistration,
      Optional<String> token) {
    Map<String, String> env = new LinkedHashMap<>();
    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("MESOS_") && !k.startsWith("LIBPROCESS_")) {
        env.put(k, v);
      }
    });
    String endpoint = agent.getHostname() + ":" + agent.getPort();
    env.put("LIBPROCESS_IP", agent.getHostname());
    env.put("LIBPROCESS_PORT", "0");
    env.put("MESOS_FRAMEWORK_ID", framework.getId().getValue());
    env.put("MESOS_EXECUTOR_ID", executor.getExecutorId().getValue());
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_SLAVE_ID", agent.getId().getValue()); // Mesos 1.12 sets no MESOS_AGENT_ID
    env.put("MESOS_SLAVE_PID", "slave(1)@" + endpoint);
    env.put("MESOS_AGENT_ENDPOINT", endpoint);
    env.put("MESOS_CHECKPOINT", framework.getCheckpoint() ? "1" : "0");
    env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    Duration grace = executor.hasShutdownGracePeriod()
        ? Duration.ofNanos(executor.getShutdownGracePeriod().getNanoseconds()) : defaultGrace;
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", MesosDuration.format(grace));
    if (framework.getCheckpoint()) {
      env.put("MESOS_RECOVERY_TIMEOUT", MesosDuration.format(RECOVERY_TIMEOUT));
      env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", MesosDuration.format(reregistration));
    }
    token.ifPresent(t -> env.put(ExecutorTokens.ENVIRONMENT_VARIABLE, t));
    for (Environment.Variable v : executor.getCommand().getEnvironment().getVariablesList()) {
      if (v.getType() != Environment.Variable.Type.SECRET) {
        env.put(v.getName(), v.getValue());
      }
    }
    return env;
  }

  /** The argv Mesos would exec for the command. */
  public static List<String> commandLine(CommandInfo command) {
    if (!command.hasShell() || command.getShell()) {
      return List.of("/bin/sh", "-c", command.getValue());
    }
    List<String> argv = new ArrayList<>();
    argv.add(command.getValue());
    if (command.getArgumentsCount() > 1) {
      argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
    }
    return argv;
  }

  public static Process start(CommandInfo command, Map<String, String> env, Path sandbox)
      throws IOException {
    // in a session of its own: its container (ProcessTree)
    ProcessBuilder pb = new ProcessBuilder(ProcessTree.command(commandLine(command)))
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }
}
