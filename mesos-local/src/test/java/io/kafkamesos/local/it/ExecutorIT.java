package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.local.MesosLocalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent side of a custom executor (docs/executor-http-api.md; src/slave/slave.cpp): the
 * environment it is started with, URIs fetched into its sandbox, KILL and SHUTDOWN handed to it,
 * and an executor that exits turning its unfinished tasks into TASK_FAILED with
 * REASON_EXECUTOR_TERMINATED (slave.cpp {@code sendExecutorTerminatedStatusUpdate}) plus a FAILURE
 * event.
 */
class ExecutorIT {

  @TempDir
  static Path work;
  @TempDir
  static Path scratch;
  static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work).withAgents(1)
        .withExecutorRegistrationTimeout(Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void teardown() {
    cluster.teardownFrameworks();
  }

  @Test
  void anExecutorThatExitsFailsItsTasks() throws Exception {
    TestFramework framework = cluster.framework("exiting");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    Path trigger = scratch.resolve("exit-now");
    TaskInfo task = TestTasks.task("doomed", offer,
        Map.of("exit.file", trigger.toString(), "exit.code", "3"));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    long pid = TestExecutor.pidIn(running).orElseThrow();

    Files.writeString(trigger, "go");
    TaskStatus failed = framework.awaitEvent(mark, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getTaskId().equals(task.getTaskId())
            && e.getUpdate().getStatus().getState() != TaskState.TASK_RUNNING, TIMEOUT)
        .getUpdate().getStatus();
    assertThat(failed.getState()).as(failed.getMessage()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    assertThat(failed.hasUuid()).as("agent-generated updates are reliable").isTrue();

    Event failure = framework.awaitEvent(mark, Event.Type.FAILURE,
        e -> e.getFailure().hasExecutorId(), TIMEOUT);
    assertThat(failure.getFailure().getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
    assertThat(failure.getFailure().getAgentId()).isEqualTo(offer.getAgentId());
    assertThat(failure.getFailure().getStatus()).as("the executor's exit status").isEqualTo(3);
    Poll.until("executor process " + pid + " gone", TIMEOUT, () -> !LocalCluster.isAlive(pid));
  }

  /**
   * A scheduler's {@code MESSAGE} call reaches the executor it names as a {@code MESSAGE} event
   * with the same data, as Mesos relays it (the test executor exits with the status the message
   * asks for); one naming an executor the agent does not run is dropped, as Mesos drops it.
   */
  @Test
  void aSchedulerMessageReachesTheExecutor() throws Exception {
    TestFramework framework = cluster.framework("messaging");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("listening", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    framework.send(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.MESSAGE)
        .setMessage(org.apache.mesos.v1.scheduler.Protos.Call.Message.newBuilder()
            .setAgentId(offer.getAgentId())
            .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("nobody"))
            .setData(com.google.protobuf.ByteString.copyFromUtf8("exit:5"))));
    framework.send(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.MESSAGE)
        .setMessage(org.apache.mesos.v1.scheduler.Protos.Call.Message.newBuilder()
            .setAgentId(offer.getAgentId())
            .setExecutorId(task.getExecutor().getExecutorId())
            .setData(com.google.protobuf.ByteString.copyFromUtf8("exit:4"))));

    Event failure = framework.awaitEvent(mark, Event.Type.FAILURE,
        e -> e.getFailure().hasExecutorId(), TIMEOUT);
    assertThat(failure.getFailure().getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
    assertThat(failure.getFailure().getStatus()).as("the status the message asked for").isEqualTo(4);
  }

  /**
   * Mesos destroys the container of an executor that died (cgroups or the posix launcher kill what
   * it left behind); mesos-local kills the executor's descendants it noted.
   */
  @Test
  void whatAKilledExecutorLeftRunningIsKilledWithItsContainer() throws InterruptedException {
    TestFramework framework = cluster.framework("orphaning");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("left-behind", offer, Map.of("spawn.child", "300"));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    long executorPid = TestExecutor.pidIn(running).orElseThrow();
    long childPid = Long.parseLong(TestExecutor.report(running).getProperty("child"));
    cluster.track(java.util.Set.of(executorPid, childPid));
    ProcessHandle executor = ProcessHandle.of(executorPid).orElseThrow();
    assertThat(executor.children().map(ProcessHandle::pid)).contains(childPid);
    // the agent notes a container's processes every second (Containers.MEMBERSHIP_SCAN)
    Thread.sleep(2_500);

    executor.destroyForcibly();

    TaskStatus failed = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_FAILED,
        TIMEOUT);
    assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    Poll.until("child " + childPid + " killed with the container", TIMEOUT,
        () -> !LocalCluster.isAlive(childPid));
  }

  @Test
  void killIsHandedToTheExecutorWhichReportsTaskKilled() {
    TestFramework framework = cluster.framework("killer");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("killed", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    long pid = TestExecutor.pidIn(running).orElseThrow();

    framework.kill(task.getTaskId(), offer.getAgentId());
    TaskStatus killed = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_KILLED,
        TIMEOUT);
    assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(killed.getMessage()).contains("pid=" + pid);
    // the test executor exits once its last task is gone
    Poll.until("executor process " + pid + " gone", TIMEOUT, () -> !LocalCluster.isAlive(pid));
  }

  @Test
  void shutdownIsHandedToTheExecutorWhichKillsItsTasksAndExits() {
    TestFramework framework = cluster.framework("shutter");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("shut-down", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    long pid = TestExecutor.pidIn(framework.awaitUpdate(mark, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT)).orElseThrow();

    framework.shutdown(task.getExecutor().getExecutorId(), offer.getAgentId());
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_KILLED, TIMEOUT);
    Poll.until("executor process " + pid + " gone", TIMEOUT, () -> !LocalCluster.isAlive(pid));
  }

  @Test
  void theExecutorGetsTheEnvironmentMesosSets() {
    TestFramework framework = cluster.framework("environment", b -> b.checkpoint(true));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo base = TestTasks.task("environment", offer, Map.of("report.env", "true"));
    ExecutorInfo executor = base.getExecutor().toBuilder().setCommand(
        base.getExecutor().getCommand().toBuilder().setEnvironment(Environment.newBuilder()
            .addVariables(Environment.Variable.newBuilder().setName("TEST_FROM_COMMAND_INFO")
                .setValue("hello")))).build();
    TaskInfo task = base.toBuilder().setExecutor(executor).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    Properties env = TestExecutor.report(framework.awaitUpdate(mark, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT));

    assertThat(env.getProperty("env.MESOS_FRAMEWORK_ID"))
        .isEqualTo(framework.frameworkId().getValue());
    assertThat(env.getProperty("env.MESOS_EXECUTOR_ID"))
        .isEqualTo(executor.getExecutorId().getValue());
    assertThat(env.getProperty("env.MESOS_SLAVE_ID")).isEqualTo(offer.getAgentId().getValue());
    assertThat(env).as("Mesos 1.12 gives MESOS_SLAVE_ID only")
        .doesNotContainKey("env.MESOS_AGENT_ID");
    assertThat(env.getProperty("env.MESOS_AGENT_ENDPOINT")).matches("[^:]+:\\d+");
    assertThat(env.getProperty("env.MESOS_SLAVE_PID"))
        .isEqualTo("slave(1)@" + env.getProperty("env.MESOS_AGENT_ENDPOINT"));
    assertThat(env.getProperty("env.MESOS_HTTP_COMMAND_EXECUTOR")).isEqualTo("0");
    assertThat(env.getProperty("env.LIBPROCESS_PORT")).isEqualTo("0");
    assertThat(env.getProperty("env.LIBPROCESS_IP")).isEqualTo(offer.getHostname());
    assertThat(env).as("executors authenticate only when the agent asks them to")
        .doesNotContainKey("env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
    assertThat(env.getProperty("env.MESOS_CHECKPOINT")).isEqualTo("1");
    assertThat(env.getProperty("env.MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD")).isNotBlank();
    assertThat(env.getProperty("env.MESOS_RECOVERY_TIMEOUT")).isNotBlank();
    assertThat(env.getProperty("env.MESOS_SUBSCRIPTION_BACKOFF_MAX")).isNotBlank();
    assertThat(env.getProperty("env.TEST_FROM_COMMAND_INFO")).isEqualTo("hello");
    Path directory = Path.of(env.getProperty("env.MESOS_DIRECTORY"));
    assertThat(directory).isDirectory();
    assertThat(Path.of(env.getProperty("env.MESOS_SANDBOX"))).isEqualTo(directory);
    // stdout and stderr of the executor go to the sandbox
    Poll.until("the executor's stdout in its sandbox", TIMEOUT, () -> {
      try {
        return Files.readString(directory.resolve("stdout")).contains("[test-executor");
      } catch (java.io.IOException e) {
        return false;
      }
    });
    assertThat(directory.resolve("stderr")).exists();
  }

  @Test
  void urisAreFetchedIntoTheSandboxAndArchivesExtracted() throws Exception {
    Path plain = scratch.resolve("plain.txt");
    Files.writeString(plain, "plain");
    Path script = scratch.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Path content = scratch.resolve("content");
    Files.createDirectories(content.resolve("inner"));
    Files.writeString(content.resolve("inner/packed.txt"), "packed");
    Path archive = scratch.resolve("bundle.tar.gz");
    Process tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", content.toString(),
        "inner").inheritIO().start();
    assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();

    TestFramework framework = cluster.framework("fetcher");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo base = TestTasks.task("fetched", offer,
        Map.of("check.files", "plain.txt,run.sh,inner/packed.txt,bundle.tar.gz"));
    CommandInfo command = base.getExecutor().getCommand().toBuilder()
        .addUris(CommandInfo.URI.newBuilder().setValue(plain.toString()).setExtract(false))
        .addUris(CommandInfo.URI.newBuilder().setValue(script.toUri().toString())
            .setExecutable(true).setExtract(false))
        .addUris(CommandInfo.URI.newBuilder().setValue(archive.toUri().toString())
            .setExtract(true))
        .build();
    TaskInfo task = base.toBuilder()
        .setExecutor(base.getExecutor().toBuilder().setCommand(command)).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    Properties report = TestExecutor.report(framework.awaitUpdate(mark, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT));

    assertThat(report.getProperty("file.plain.txt")).isNotEqualTo("absent");
    assertThat(report.getProperty("file.run.sh")).isEqualTo("executable");
    assertThat(report.getProperty("file.inner/packed.txt")).isNotEqualTo("absent");
  }

  @Test
  void anExecutorThatNeverSubscribesFailsItsTaskAfterTheRegistrationTimeout() {
    TestFramework framework = cluster.framework("mute");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo base = TestTasks.task("mute", offer, Map.of());
    TaskInfo task = base.toBuilder().setExecutor(base.getExecutor().toBuilder().setCommand(
        CommandInfo.newBuilder().setShell(true).setValue("exec sleep 120"))).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    // slave.cpp registerExecutorTimeout: TASK_FAILED, REASON_EXECUTOR_REGISTRATION_TIMEOUT
    TaskStatus failed = framework.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(failed.getState()).as(failed.getMessage()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getReason())
        .isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
    assertThat(failed.getMessage()).isEqualTo("Executor did not register within 10secs");
  }

  @Test
  void aKillBeforeTheExecutorSubscribedIsAnsweredByTheAgent() {
    // slave.cpp killTask, executor REGISTERING: TASK_KILLED, REASON_TASK_KILLED_DURING_LAUNCH
    TestFramework framework = cluster.framework("impatient");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo base = TestTasks.task("killed-early", offer, Map.of());
    TaskInfo task = base.toBuilder().setExecutor(base.getExecutor().toBuilder().setCommand(
        CommandInfo.newBuilder().setShell(true).setValue("exec sleep 120"))).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    Poll.until("the task in /state", TIMEOUT, () -> cluster.state()
        .framework(framework.frameworkId().getValue()).map(f -> MasterState.objects(
            f.getAsJsonArray("tasks")).stream().anyMatch(
                t -> task.getTaskId().getValue().equals(MasterState.string(t, "id"))))
        .orElse(false));
    framework.kill(task.getTaskId(), offer.getAgentId());
    TaskStatus killed = framework.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(killed.getState()).as(killed.getMessage()).isEqualTo(TaskState.TASK_KILLED);
    assertThat(killed.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
    assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
  }

  @Test
  void aCommandTaskRunsOnTheBuiltInCommandExecutor() throws Exception {
    // a task with a CommandInfo and no ExecutorInfo: the agent runs it itself (Mesos' command
    // executor) and reports TASK_RUNNING, then TASK_FINISHED when the command exits 0
    TestFramework framework = cluster.framework("commander");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo base = TestTasks.task("command", offer, Map.of());
    TaskInfo task = base.toBuilder().clearExecutor().clearData().setCommand(CommandInfo
        .newBuilder().setShell(true).setValue("echo hi > out.txt")).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(running.getExecutorId().getValue()).as("the command executor's id is the task's")
        .isEqualTo(task.getTaskId().getValue());
    TaskStatus finished = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_FINISHED,
        TIMEOUT);
    assertThat(finished.hasUuid()).isTrue();
  }

  @Test
  void aLaunchTheExecutorRefusesIsReportedAsItSaysSo() {
    TestFramework framework = cluster.framework("refused");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("refused", offer, Map.of("launch", "fail"));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus failed = framework.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(failed.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(failed.getMessage()).contains("launch failed on request");
  }
}
