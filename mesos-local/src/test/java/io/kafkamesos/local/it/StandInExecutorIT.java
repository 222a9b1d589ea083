package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmark-only mode in which the agents run custom executors as in-process stand-ins
 * ({@code MesosLocalConfig.withInProcessStandInExecutors}): the framework sees its task go STARTING
 * and RUNNING from the executor, killed and shut down, over the real executor API, and no executor
 * process is started.
 */
class StandInExecutorIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(c -> c.withAgents(1)
      .withInProcessStandInExecutors(true));

  @Test
  void aStandInReportsItsTaskRunningAndKilledWithoutAProcess() {
    Set<Long> before = childPids();
    TestFramework framework = cluster.framework("stand-in");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("stood-in", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));

    TaskStatus starting = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_STARTING,
        TIMEOUT);
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(List.of(starting.getSource(), running.getSource()))
        .containsOnly(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
    assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
    assertThat(childPids()).as("no executor process").isEqualTo(before);

    int killMark = framework.mark();
    framework.kill(task.getTaskId(), offer.getAgentId());
    TaskStatus killed = framework.awaitUpdate(killMark, task.getTaskId(), TaskState.TASK_KILLED,
        TIMEOUT);
    assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    // an executor of one task exits once its end is acknowledged, as the agent reports
    Event failure = framework.awaitEvent(killMark, Event.Type.FAILURE,
        e -> e.getFailure().hasExecutorId(), TIMEOUT);
    assertThat(failure.getFailure().getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
    assertThat(failure.getFailure().getStatus()).isZero();
  }

  @Test
  void aStandInShutDownKillsItsTaskAndExits() {
    TestFramework framework = cluster.framework("stand-in-shutdown");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("shut-down", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    framework.shutdown(task.getExecutor().getExecutorId(), offer.getAgentId());
    TaskStatus killed = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_KILLED,
        TIMEOUT);
    assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    Event failure = framework.awaitEvent(mark, Event.Type.FAILURE,
        e -> e.getFailure().hasExecutorId(), TIMEOUT);
    assertThat(failure.getFailure().getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
  }

  private static Set<Long> childPids() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }
}
