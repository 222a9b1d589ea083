package io.kafkamesos.local.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.local.proto.Statuses;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;

class ExecutorCallValidationTest {

  private static Call.Builder update(TaskStatus.Builder status) {
    return Call.newBuilder().setType(Call.Type.UPDATE)
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("e"))
        .setUpdate(Call.Update.newBuilder().setStatus(status));
  }

  private static TaskStatus.Builder status() {
    return TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("t"))
        .setState(TaskState.TASK_RUNNING).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setUuid(Statuses.randomUuid());
  }

  @Test
  void acceptsAProperUpdate() {
    assertThat(ExecutorCallValidation.validate(update(status()).build())).isEmpty();
  }

  @Test
  void requiresIds() {
    assertThat(ExecutorCallValidation.validate(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .buildPartial())).contains("Not initialized: executor_id, framework_id");
  }

  @Test
  void refusesUpdatesMesosRefuses() {
    assertThat(ExecutorCallValidation.validate(update(status().clearUuid()).build()))
        .contains("Expecting 'uuid' to be present");
    assertThat(ExecutorCallValidation.validate(update(status()
        .setSource(TaskStatus.Source.SOURCE_AGENT)).build()))
        .contains("Received Call from executor e of framework fw with invalid source, "
            + "expecting 'SOURCE_EXECUTOR'");
    assertThat(ExecutorCallValidation.validate(update(status()
        .setState(TaskState.TASK_STAGING)).build()))
        .contains("Received TASK_STAGING from executor e of framework fw which is not allowed");
    assertThat(ExecutorCallValidation.validate(update(status()
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("other"))).build()))
        .contains("ExecutorID in Call: e does not match ExecutorID in TaskStatus: other");
  }
}
