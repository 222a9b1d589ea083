package io.kafkamesos.local.agent;

import io.kafkamesos.local.proto.Statuses;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/** Mesos' stateless checks of an executor call; messages are Mesos'. */
public final class ExecutorCallValidation {

  private ExecutorCallValidation() {
  }

  /** Why the call is invalid (to follow "Failed to validate Executor::Call: "), if it is. */
  public static Optional<String> validate(Call call) {
    if (!call.isInitialized()) {
      return Optional.of("Not initialized: " + String.join(", ", call.findInitializationErrors()));
    }
    if (!call.hasType()) {
      return Optional.of("Expecting 'type' to be present");
    }
    if (!call.hasExecutorId()) {
      return Optional.of("Expecting 'executor_id' to be present");
    }
    if (!call.hasFrameworkId()) {
      return Optional.of("Expecting 'framework_id' to be present");
    }
    return switch (call.getType()) {
      case SUBSCRIBE -> call.hasSubscribe() ? Optional.empty()
          : Optional.of("Expecting 'subscribe' to be present");
      case UPDATE -> update(call);
      case MESSAGE -> call.hasMessage() ? Optional.empty()
          : Optional.of("Expecting 'message' to be present");
      default -> Optional.empty();
    };
  }

  private static Optional<String> update(Call call) {
    if (!call.hasUpdate()) {
      return Optional.of("Expecting 'update' to be present");
    }
    TaskStatus status = call.getUpdate().getStatus();
    if (!status.hasUuid()) {
      return Optional.of("Expecting 'uuid' to be present");
    }
    if (!Statuses.isUuid(status.getUuid())) {
      return Optional.of("Not a valid UUID");
    }
    String executorId = call.getExecutorId().getValue();
    if (status.hasExecutorId() && !status.getExecutorId().getValue().equals(executorId)) {
      return Optional.of("ExecutorID in Call: " + executorId
          + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue());
    }
    if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
      return Optional.of("Received Call from executor " + executorId + " of framework "
          + call.getFrameworkId().getValue()
          + " with invalid source, expecting 'SOURCE_EXECUTOR'");
    }
    if (status.getState() == TaskState.TASK_STAGING) {
      return Optional.of("Received TASK_STAGING from executor " + executorId + " of framework "
          + call.getFrameworkId().getValue() + " which is not allowed");
    }
    return Optional.empty();
  }
}
