package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmxPortRetryTest {

  @TempDir
  Path dir;

  private final List<BrokerSupervisor.Listener> attemptListeners = new ArrayList<>();
  private final List<String> told = new ArrayList<>();
  private final List<Integer> stopped = new ArrayList<>();
  private Path log;

  private final BrokerSupervisor.Listener executor = new BrokerSupervisor.Listener() {
    @Override
    public void healthy() {
      told.add("healthy");
    }

    @Override
    public void failed(String message) {
      told.add("failed: " + message);
    }
  };

  /** Attempt n binds JMX port 40000 + n and logs into one file, as the sandbox's broker.log. */
  private final JmxPortRetry.Launcher launcher = listener -> {
    attemptListeners.add(listener);
    int port = 40_000 + attemptListeners.size();
    int attempt = attemptListeners.size();
    return new JmxPortRetry.Attempt("broker 1", grace -> {
      stopped.add(attempt);
      return new BrokerSupervisor.StopResult(143, false);
    }, port, log);
  };

  private void jvmSays(String line) throws IOException {
    Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void aJmxPortTakenBeforeTheJvmBoundItStartsTheNodeAgainOnAnotherPort() throws IOException {
    log = Files.createFile(dir.resolve("broker.log"));
    JmxPortRetry retry = JmxPortRetry.start(launcher, executor);

    jvmSays("Caused by: java.rmi.server.ExportException: Port already in use: 40001; nested exception is:");
    attemptListeners.get(0).failed("broker 1 exited with code 1 before it was healthy");

    assertThat(retry.attempts()).isEqualTo(2);
    assertThat(told).as("the executor hears nothing of the clash").isEmpty();
    attemptListeners.get(1).healthy();
    assertThat(told).containsExactly("healthy");
    retry.stop(Duration.ofSeconds(1));
    assertThat(stopped).as("the running attempt is the one stopped").containsExactly(2);
  }

  @Test
  void theClashIsRecognisedInWhatARealJvmPrintsWhenItsJmxPortIsTaken() throws Exception {
    log = dir.resolve("jvm.log");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      List<String> command = BrokerLaunch.jmxCommand(List.of(ProcessBrokerRunner.currentJava().toString(),
          "-cp", "none", "NoSuchMain"), port);
      Process jvm = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      assertThat(jvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(jvm.exitValue()).isNotZero();
      assertThat(JmxPortRetry.portTaken(new JmxPortRetry.Attempt("broker 1",
          grace -> new BrokerSupervisor.StopResult(0, false), port, log))).isTrue();
      assertThat(JmxPortRetry.portTaken(new JmxPortRetry.Attempt("broker 1",
          grace -> new BrokerSupervisor.StopResult(0, false), port + 1, log))).isFalse();
    }
  }

  @Test
  void anyOtherFailureIsToldAsItComes() throws IOException {
    log = Files.createFile(dir.resolve("broker.log"));
    JmxPortRetry retry = JmxPortRetry.start(launcher, executor);

    jvmSays("ERROR Fatal error during KafkaServer startup. Prepare to shutdown");
    attemptListeners.get(0).failed("broker 1 gave up starting");

    assertThat(retry.attempts()).isEqualTo(1);
    assertThat(told).containsExactly("failed: broker 1 gave up starting");
  }

  @Test
  void anotherProcessesPortInTheLogIsNotThisAttemptsClash() throws IOException {
    log = Files.createFile(dir.resolve("broker.log"));
    JmxPortRetry retry = JmxPortRetry.start(launcher, executor);

    jvmSays("ExportException: Port already in use: 9999");
    attemptListeners.get(0).failed("broker 1 exited with code 1");

    assertThat(retry.attempts()).isEqualTo(1);
    assertThat(told).containsExactly("failed: broker 1 exited with code 1");
  }

  @Test
  void afterTheLastAttemptTheClashIsToldAsAFailure() throws IOException {
    log = Files.createFile(dir.resolve("broker.log"));
    JmxPortRetry retry = JmxPortRetry.start(launcher, executor);

    for (int attempt = 1; attempt <= JmxPortRetry.ATTEMPTS; attempt++) {
      jvmSays("ExportException: Port already in use: " + (40_000 + attempt) + "; nested exception is:");
      attemptListeners.get(attempt - 1).failed("attempt " + attempt + " exited with code 1");
    }

    assertThat(retry.attempts()).isEqualTo(JmxPortRetry.ATTEMPTS);
    assertThat(told).containsExactly("failed: attempt " + JmxPortRetry.ATTEMPTS + " exited with code 1");
  }

  @Test
  void aClashAfterStopStartsNothing() throws IOException {
    log = Files.createFile(dir.resolve("broker.log"));
    JmxPortRetry retry = JmxPortRetry.start(launcher, executor);
    retry.stop(Duration.ofSeconds(1));

    jvmSays("ExportException: Port already in use: 40001");
    attemptListeners.get(0).failed("exited with code 1");

    assertThat(retry.attempts()).isEqualTo(1);
    assertThat(told).isEmpty();
  }
}
