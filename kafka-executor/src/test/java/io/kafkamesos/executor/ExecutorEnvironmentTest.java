package io.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.executor.mesos.AgentTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorEnvironmentTest {

  private static Map<String, String> agentEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("MESOS_AGENT_ENDPOINT", "10.0.0.7:5051");
    env.put("MESOS_SLAVE_ID", "a1b2-S0"); // Mesos 1.12 gives no MESOS_AGENT_ID
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
    assertThat(env.credential()).isEmpty();
    assertThat(env.agentTls()).isEqualTo(AgentTls.off());
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
  void findsTheNodeIdOfAControllersExecutor() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_EXECUTOR_ID", "controller-3001__executor__3f2b4c8e-1d2a-4b5c-9e6f-7a8b9c0d1e2f");

    assertThat(ExecutorEnvironment.parse(vars).brokerIdFromExecutorId()).contains("3001");
    assertThat(ExecutorEnvironment.parse(vars).taskIdFromExecutorId())
        .contains("controller-3001__3f2b4c8e-1d2a-4b5c-9e6f-7a8b9c0d1e2f");
  }

  @Test
  void findsNoBrokerIdInAForeignExecutorId() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_EXECUTOR_ID", "something-else");

    assertThat(ExecutorEnvironment.parse(vars).brokerIdFromExecutorId()).isEqualTo(Optional.empty());
    assertThat(ExecutorEnvironment.parse(vars).taskIdFromExecutorId()).isEqualTo(Optional.empty());
  }

  @Test
  void authenticatesWithTheTokenTheAgentGivesWithoutShowingIt() {
    Map<String, String> vars = agentEnv();
    vars.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "s3cret.jwt.token");

    ExecutorEnvironment env = ExecutorEnvironment.parse(vars);

    assertThat(env.credential().orElseThrow().header()).isEqualTo("Bearer s3cret.jwt.token");
    assertThat(env.toString()).doesNotContain("s3cret");
  }

  @Test
  void speaksHttpsWhenLibprocessSslIsOnWithoutVerifyingAsLibprocessDoesByDefault() {
    Map<String, String> vars = agentEnv();
    vars.put("LIBPROCESS_SSL_ENABLED", "true");

    ExecutorEnvironment env = ExecutorEnvironment.parse(vars);

    assertThat(env.agentUrl()).isEqualTo("https://10.0.0.7:5051");
    assertThat(env.agentTls()).isEqualTo(new AgentTls(true, false, java.util.List.of()));
    assertThat(env.agentTls().context()).isPresent();
    assertThat(env.agentTls().describe()).contains("not verified");
  }

  @Test
  void readsThePreOneZeroNamesOfTheSslVariables() {
    Map<String, String> vars = agentEnv();
    vars.put("SSL_ENABLED", "1");
    vars.put("SSL_REQUIRE_CERT", "true");

    ExecutorEnvironment env = ExecutorEnvironment.parse(vars);

    assertThat(env.agentUrl()).startsWith("https://");
    assertThat(env.agentTls().verify()).isTrue();
    assertThat(env.agentTls().context()).as("the JDK's authorities").isEmpty();
  }

  @Test
  void verifiesAgainstTheCaFileAndTheCaDirectory(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), PEM);
    Path cas = Files.createDirectories(dir.resolve("cas"));
    Files.writeString(cas.resolve("5ed36f99.0"), PEM);
    Files.writeString(cas.resolve("index.txt"), "not a certificate");
    Map<String, String> vars = agentEnv();
    vars.put("LIBPROCESS_SSL_ENABLED", "true");
    vars.put("LIBPROCESS_SSL_VERIFY_SERVER_CERT", "true");
    vars.put("LIBPROCESS_SSL_CA_FILE", ca.toString());
    vars.put("LIBPROCESS_SSL_CA_DIR", cas.toString());

    AgentTls tls = ExecutorEnvironment.parse(vars).agentTls();

    assertThat(tls.caFiles()).containsExactly(ca, cas.resolve("5ed36f99.0"));
    assertThat(tls.context()).isPresent();
  }

  @Test
  void namesACaFileItCannotUse(@TempDir Path dir) throws Exception {
    Map<String, String> vars = agentEnv();
    vars.put("LIBPROCESS_SSL_ENABLED", "true");
    vars.put("LIBPROCESS_SSL_VERIFY_SERVER_CERT", "true");
    vars.put("LIBPROCESS_SSL_CA_FILE", Files.writeString(dir.resolve("x.pem"), "nothing").toString());

    assertThatThrownBy(() -> ExecutorEnvironment.parse(vars))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LIBPROCESS_SSL_CA_FILE: ")
        .hasMessageContaining("holds no PEM certificate");
  }

  /** A self-signed certificate (CN=Test, valid until 2126), PEM-encoded. */
  private static final String PEM = """
      -----BEGIN CERTIFICATE-----
      MIIBODCB3qADAgECAgkAhkJYzTs5c94wCgYIKoZIzj0EAwIwDzENMAsGA1UEAxME
      VGVzdDAgFw0yNjEyMDMwOTU1MDZaGA8yMTI2MTEwOTA5NTUwNlowDzENMAsGA1UE
      AxMEVGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOjkrRQjrHlQQ6d0Lh7u
      cGaRvt3Q1kwTSAH8HDadjPSiyr6gEysWcdLFUWGbjN/fLPnbV4rHe+mzPcUGwo2M
      tKijITAfMB0GA1UdDgQWBBSpzYs3GMPVaaj6FCwvQWWubLu67DAKBggqhkjOPQQD
      AgNJADBGAiEAhi/jesiW3Mh/B71IKWz0pGMVIMBeeNI1VTjGxpqH6GACIQCeTkaM
      82ZKm7WlIYHJJIe0oXkKkdeOt1tTmgMtiAIEug==
      -----END CERTIFICATE-----
      """;
}
