package io.kafkamesos.executor.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;

class StatusUpdatesTest {

  private static final TaskID TASK = TaskID.newBuilder().setValue("broker-0__x").build();

  private static Call.Update update(String uuid, TaskState state) {
    return Call.Update.newBuilder().setStatus(TaskStatus.newBuilder()
        .setTaskId(TASK).setState(state).setUuid(ByteString.copyFromUtf8(uuid))).build();
  }

  private static TaskInfo task() {
    return TaskInfo.newBuilder().setName("broker-0").setTaskId(TASK)
        .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a")).build();
  }

  @Test
  void keepsUpdatesUntilAcknowledgedInTheOrderSent() {
    StatusUpdates updates = new StatusUpdates();
    updates.sent(update("u1", TaskState.TASK_STARTING));
    updates.sent(update("u2", TaskState.TASK_RUNNING));

    updates.acknowledged(TASK, ByteString.copyFromUtf8("u1"));

    assertThat(updates.unacknowledgedUpdates()).extracting(u -> u.getStatus().getState())
        .containsExactly(TaskState.TASK_RUNNING);
    assertThat(updates.isAcknowledged(ByteString.copyFromUtf8("u1"))).isTrue();
  }

  @Test
  void aTaskIsAcknowledgedWithItsFirstAcknowledgedUpdate() {
    StatusUpdates updates = new StatusUpdates();
    updates.launched(task());
    updates.sent(update("u1", TaskState.TASK_STARTING));
    assertThat(updates.unacknowledgedTasks()).containsExactly(task());

    updates.acknowledged(TASK, ByteString.copyFromUtf8("u1"));

    assertThat(updates.unacknowledgedTasks()).isEmpty();
  }

  @Test
  void anUnknownAcknowledgementIsSaidToBeUnknown() {
    assertThat(new StatusUpdates().acknowledged(TASK, ByteString.copyFromUtf8("nope"))).isFalse();
  }

  @Test
  void awaitingEndsWithTheAcknowledgementOrTheTimeout() throws Exception {
    StatusUpdates updates = new StatusUpdates();
    updates.sent(update("u1", TaskState.TASK_KILLED));
    assertThat(updates.awaitAcknowledged(ByteString.copyFromUtf8("u1"), Duration.ofMillis(50)))
        .isFalse();

    CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
      try {
        return updates.awaitAcknowledged(ByteString.copyFromUtf8("u1"), Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    updates.acknowledged(TASK, ByteString.copyFromUtf8("u1"));

    assertThat(waited.get()).isTrue();
  }
}
