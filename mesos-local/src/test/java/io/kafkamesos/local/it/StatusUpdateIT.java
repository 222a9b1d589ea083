package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reliable status updates (docs/scheduler-http-api.md, ACKNOWLEDGE; the agent's status update
 * manager): an update with a uuid is sent again, with the same uuid, until the scheduler
 * acknowledges it; the next update of the same task waits for that acknowledgement; acknowledged
 * updates are not sent again. The retry interval is shortened to 2 s (Mesos starts at 10 s).
 */
class StatusUpdateIT {

  private static final Duration RETRY = Duration.ofSeconds(2);

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(1)
      .withStatusUpdateRetryInterval(RETRY));

  @Test
  void updatesAreSentAgainUntilAcknowledged() {
    TestFramework framework = cluster.framework("forgetful", b -> b.autoAcknowledge(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("retried", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));

    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(running.hasUuid()).as("a status update from the executor carries a uuid").isTrue();
    assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
    assertThat(running.getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());

    int afterFirst = framework.mark();
    TaskStatus again = framework.awaitUpdate(afterFirst, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    assertThat(again.getUuid()).isEqualTo(running.getUuid());

    framework.acknowledge(running);
    // a retry may have been in flight while the acknowledgement travelled; after that, silence
    Poll.sleep(RETRY.toMillis());
    int afterAck = framework.mark();
    assertThat(framework.eventWithin(afterAck, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getUuid().equals(running.getUuid()),
        RETRY.multipliedBy(5))).as("the acknowledged update sent again").isEmpty();
  }

  @Test
  void theNextUpdateOfATaskWaitsForTheAcknowledgementOfThePreviousOne() {
    TestFramework framework = cluster.framework("ordered", b -> b.autoAcknowledge(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("ordered", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);

    // the executor answers the KILL with TASK_KILLED at once, but the agent holds it back
    int beforeKill = framework.mark();
    framework.kill(task.getTaskId(), offer.getAgentId());
    assertThat(framework.eventWithin(beforeKill, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getState() == TaskState.TASK_KILLED,
        RETRY.multipliedBy(3))).as("TASK_KILLED before TASK_RUNNING was acknowledged").isEmpty();

    framework.acknowledge(running);
    TaskStatus killed = framework.awaitUpdate(beforeKill, task.getTaskId(),
        TaskState.TASK_KILLED, TIMEOUT);
    assertThat(killed.getUuid()).isNotEqualTo(running.getUuid());
    framework.acknowledge(killed);
  }

  @Test
  void reconciliationAnswersCarryNoUuid() {
    TestFramework framework = cluster.framework("reconciler", b -> b.autoAcknowledge(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("reconciled", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    framework.acknowledge(running);

    // reconciliation answers carry no uuid (master.cpp reconcile) and must not be acknowledged
    int beforeReconcile = framework.mark();
    framework.reconcile(List.of());
    TaskStatus answer = framework.awaitEvent(beforeReconcile, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION,
        TIMEOUT).getUpdate().getStatus();
    assertThat(answer.hasUuid()).isFalse();
  }
}
