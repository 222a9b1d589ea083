package io.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorEnvironmentTest {

  private static Map<String, String> agentEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("MESOS_AGENT_ENDPOINT", "10.0.0.7:5051");
    env.put("MESOS_FRAMEWORK_ID", "fw-1");
    env.put("MESOS_EXECUTOR_ID", "broker-3__executor__0f8fad5b-d9cb-469f-a165-70867728950e");
    env.put("MESOS_SANDBOX", "/sandbox");
    env.put("MESOS_DIRECTORY", "/host/sandbox");
    env.put("MESOS_CHECKPOINT", "1");
    env.put("MESOS_RECOVERY_TIMEOUT", "15mins");
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
    return env;
  }

  @Test
  void readsWhatTheAgentSets() {
    ExecutorEnvironment env = ExecutorEnvironment.parse(agentEnv());

    assertThat(env.agentUrl()).isEqualTo("http://10.0.0.7:5051");
    assertThat(env.frameworkId()).isEqualTo("fw-1");
    assertThat(env.sandbox()).isEqualTo(Path.of("/sandbox"));
    assertThat(env.checkpoint()).isTrue();
    assertThat(env.recoveryTimeout()).contains(Duration.ofMinutes(15));
    assertThat(env.subscriptionBackoffMax()).contains(Duration.ofSeconds(2));
    assertThat(env.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(env.healthTimeout()).isEqualTo(ExecutorEnvironment.DEFAULT_HEALTH_TIMEOUT);
    assertThat(env.brokerIdFromExecutorId()).contains("3");
    assertThat(env.taskIdFromExecutorId()).hasValueSatisfying(id -> assertThat(id)
        .startsWith("broker-3__").doesNotContain("executor"));
  }

  @Test
  void fallsBackToTheDirectoryWithoutASandboxVariable() {
    Map<String, String> vars = agentEnv();
    vars.remove("MESOS_SANDBOX");

    assertThat(ExecutorEnvironment.parse(vars).sandbox()).isEqualTo(Path.of("/host/sandbox"));
  }

  @Test
  void needsNoRecoverySettingsWithoutCheckpointing() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_CHECKPOINT", "0");
    vars.remove("MESOS_RECOVERY_TIMEOUT");
    vars.remove("MESOS_SUBSCRIPTION_BACKOFF_MAX");

    ExecutorEnvironment env = ExecutorEnvironment.parse(vars);

    assertThat(env.checkpoint()).isFalse();
    assertThat(env.recoveryTimeout()).isEmpty();
  }

  @Test
  void takesTheHealthTimeoutFromTheTask() {
    Map<String, String> vars = agentEnv();
    vars.put("KAFKA_EXECUTOR_HEALTH_TIMEOUT", "10mins");

    assertThat(ExecutorEnvironment.parse(vars).healthTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void namesAMissingVariable() {
    Map<String, String> vars = agentEnv();
    vars.remove("MESOS_FRAMEWORK_ID");

    assertThatThrownBy(() -> ExecutorEnvironment.parse(vars))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MESOS_FRAMEWORK_ID is not set; the Mesos agent sets it for every executor");
  }

  @Test
  void needsTheRecoveryTimeoutWhenCheckpointing() {
    Map<String, String> vars = agentEnv();
    vars.remove("MESOS_RECOVERY_TIMEOUT");

    assertThatThrownBy(() -> ExecutorEnvironment.parse(vars))
        .hasMessageStartingWith("MESOS_RECOVERY_TIMEOUT is not set");
  }

  @Test
  void namesAMalformedDuration() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "soon");

    assertThatThrownBy(() -> ExecutorEnvironment.parse(vars))
        .hasMessageStartingWith("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: 'soon' is not a duration");
  }

  @Test
  void needsHostAndPortForTheAgent() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_AGENT_ENDPOINT", "agent-1");

    assertThatThrownBy(() -> ExecutorEnvironment.parse(vars))
        .hasMessage("MESOS_AGENT_ENDPOINT must be host:port, not 'agent-1'");
  }

  @Test
  void needsASandbox() {
    Map<String, String> vars = agentEnv();
    vars.remove("MESOS_SANDBOX");
    vars.remove("MESOS_DIRECTORY");

    assertThatThrownBy(() -> ExecutorEnvironment.parse(vars))
        .hasMessageContaining("neither MESOS_SANDBOX nor MESOS_DIRECTORY is set");
  }

  @Test
  void findsNoBrokerIdInAForeignExecutorId() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_EXECUTOR_ID", "something-else");

    assertThat(ExecutorEnvironment.parse(vars).brokerIdFromExecutorId()).isEqualTo(Optional.empty());
    assertThat(ExecutorEnvironment.parse(vars).taskIdFromExecutorId()).isEqualTo(Optional.empty());
  }
}
