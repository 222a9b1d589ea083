package io.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged executor against an agent that speaks https and authenticates executors, as a Mesos
 * agent with {@code LIBPROCESS_SSL_ENABLED} and {@code --authenticate_http_executors} does: the
 * agent hands the executor its token in {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN} and the
 * libprocess SSL variables, and Mesos 1.12's environment ({@code MESOS_SLAVE_ID}, no
 * {@code MESOS_AGENT_ID}). No broker is started: a task the executor cannot read is enough to see
 * an UPDATE call.
 */
class ExecutorAgentSecurityIT {

  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.executor-token.sig";

  @TempDir
  static Path certificatesDir;
  private static TestCertificates certificates;

  private Path sandbox;
  private TestAgent agent;
  private Process executor;

  @BeforeAll
  static void makeCertificates() throws Exception {
    // the agent's certificate names the address the agent gives in MESOS_AGENT_ENDPOINT
    certificates = new TestCertificates(certificatesDir, "ip:127.0.0.1");
  }

  @AfterEach
  void stop() throws Exception {
    if (executor != null) {
      executor.descendants().forEach(ProcessHandle::destroyForcibly);
      executor.destroyForcibly();
      executor.waitFor(30, TimeUnit.SECONDS);
    }
    if (agent != null) {
      agent.close();
    }
    if (sandbox != null) {
      System.out.println("---- executor stdout ----\n" + stdout());
      try (Stream<Path> files = Files.walk(sandbox)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void authenticatesEveryCallWithItsTokenOverVerifiedTls() throws Exception {
    agent = new TestAgent(certificates.masterContext(), TOKEN);
    executor = start(Map.of("LIBPROCESS_SSL_ENABLED", "true", "LIBPROCESS_SSL_VERIFY_SERVER_CERT", "true",
        "LIBPROCESS_SSL_CA_FILE", certificates.caPem.toString()));

    Call subscribe = agent.nextCall(60);
    assertThat(subscribe.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    agent.send(Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder()
        .setTask(TaskInfo.newBuilder().setName("broker-7").setTaskId(TaskID.newBuilder().setValue("broker-7__t"))
            .setAgentId(AgentID.newBuilder().setValue(TestAgent.AGENT_ID))
            .setData(ByteString.copyFromUtf8("not a broker task")))).build());
    Call.Update failed = agent.nextUpdate(60);
    assertThat(failed.getStatus().getState()).isEqualTo(TaskState.TASK_FAILED);
    agent.acknowledge(failed);

    assertThat(executor.waitFor(60, TimeUnit.SECONDS)).as("executor exits").isTrue();
    assertThat(executor.exitValue()).isZero();
    assertThat(agent.authorizations).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + TOKEN));
    assertThat(stdout()).contains("agent https://127.0.0.1:")
        .contains("verifying the agent's certificate against [" + certificates.caPem + "]")
        .contains("with its authentication token")
        .doesNotContain(TOKEN);
  }

  @Test
  void neverSubscribesToAnAgentWhoseCertificateItCannotVerify() throws Exception {
    agent = new TestAgent(certificates.masterContext(), TOKEN);
    executor = start(Map.of("LIBPROCESS_SSL_ENABLED", "1", "LIBPROCESS_SSL_VERIFY_CERT", "1",
        "LIBPROCESS_SSL_CA_FILE", certificates.otherCaPem.toString()));

    poll(() -> stdout().contains("TLS with https://127.0.0.1:"));

    assertThat(agent.authorizations).as("no request got through the handshake").isEmpty();
    assertThat(executor.isAlive()).as("still trying, within its recovery timeout").isTrue();
  }

  @Test
  void aWrongTokenIsRefusedAndNamedWithoutTheToken() throws Exception {
    agent = new TestAgent(null, "the-agents-token");
    executor = start(Map.of());

    poll(() -> stdout().contains("authentication failed for the executor's authentication token"));

    assertThat(agent.authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + TOKEN));
    assertThat(stdout()).contains("agent http://127.0.0.1:").doesNotContain(TOKEN);
  }

  private Process start(Map<String, String> tlsEnv) throws Exception {
    sandbox = Files.createTempDirectory("kafka-executor-security");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-jar", Path.of("target/kafka-executor.jar").toAbsolutePath().toString())
        .directory(sandbox.toFile())
        .redirectErrorStream(true)
        .redirectOutput(sandbox.resolve("stdout").toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LIBPROCESS_") || k.startsWith("SSL_") || k.startsWith("MESOS_"));
    env.put("MESOS_AGENT_ENDPOINT", agent.endpoint());
    env.put("MESOS_SLAVE_ID", TestAgent.AGENT_ID);
    env.put("MESOS_FRAMEWORK_ID", "it-framework-0000");
    env.put("MESOS_EXECUTOR_ID", "broker-7__executor__t");
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_CHECKPOINT", "1");
    env.put("MESOS_RECOVERY_TIMEOUT", "2mins");
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "1secs");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "30secs");
    env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", TOKEN);
    env.putAll(tlsEnv);
    return pb.start();
  }

  private String stdout() {
    try {
      Path file = sandbox.resolve("stdout");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static void poll(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 90 s");
      }
      Thread.sleep(200);
    }
  }
}
