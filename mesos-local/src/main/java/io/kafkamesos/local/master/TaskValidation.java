package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.proto.Roles;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Mesos' checks of a task in a LAUNCH operation, in Mesos' order and words. A failed check
 * becomes TASK_ERROR with REASON_TASK_INVALID.
 *
 * @param frameworkId the launching framework
 * @param knownTaskIds the ids of the framework's tasks the master still tracks
 * @param agentId the agent of the offers
 * @param existingExecutor the executor with the task's executor id already on the agent, if any
 */
public record TaskValidation(FrameworkID frameworkId, Set<String> knownTaskIds, AgentID agentId,
    Optional<ExecutorInfo> existingExecutor) {

  /**
   * @param task the task, with allocation info injected and executor framework id filled in
   * @param available what is left of the offers (allocated)
   */
  public Optional<String> validate(TaskInfo task, Resources available) {
    Optional<String> error = Roles.validateId(task.getTaskId().getValue());
    if (error.isPresent()) {
      return error;
    }
    if (knownTaskIds.contains(task.getTaskId().getValue())) {
      return Optional.of("Task has duplicate ID: " + task.getTaskId().getValue());
    }
    if (!task.getAgentId().getValue().equals(agentId.getValue())) {
      return Optional.of("Task uses invalid agent " + task.getAgentId().getValue()
          + " while agent " + agentId.getValue() + " is expected");
    }
    if (task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()
        && task.getKillPolicy().getGracePeriod().getNanoseconds() < 0) {
      return Optional.of("Task's 'kill_policy.grace_period' must be non-negative");
    }
    if (task.hasMaxCompletionTime() && task.getMaxCompletionTime().getNanoseconds() < 0) {
      return Optional.of("Task's `max_completion_time` must be non-negative");
    }
    error = resources(task);
    if (error.isPresent()) {
      return error;
    }
    return executor(task, available);
  }

  private Optional<String> resources(TaskInfo task) {
    if (task.getResourcesCount() == 0) {
      return Optional.of("Task uses no resources");
    }
    Optional<String> error = ResourceValidation.validate(task.getResourcesList());
    if (error.isPresent()) {
      return Optional.of("Task uses invalid resources: " + error.get());
    }
    Resources resources = Resources.of(task.getResourcesList());
    error = ResourceValidation.uniquePersistenceIds(resources);
    if (error.isPresent()) {
      return Optional.of("Task uses duplicate persistence ID: " + error.get());
    }
    error = ResourceValidation.singleAllocationRole(task.getResourcesList());
    if (error.isPresent()) {
      return Optional.of("Invalid task resources: " + error.get());
    }
    return ResourceValidation.revocableMix(resources)
        .map(e -> "Task mixes revocable and non-revocable resources: " + e);
  }

  private Optional<String> executor(TaskInfo task, Resources available) {
    if (task.hasExecutor() == task.hasCommand()) {
      return Optional.of("Task should have at least one (but not both) of CommandInfo or "
          + "ExecutorInfo present");
    }
    Resources total = Resources.of(task.getResourcesList());
    if (task.hasExecutor()) {
      ExecutorInfo executor = task.getExecutor();
      if (executor.getType() == ExecutorInfo.Type.DEFAULT) {
        if (executor.hasCommand()) {
          return Optional.of("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
        }
      } else if (executor.getType() == ExecutorInfo.Type.CUSTOM && !executor.hasCommand()) {
        return Optional.of("'ExecutorInfo.command' must be set for 'CUSTOM' executor");
      }
      Optional<String> error = Roles.validateId(executor.getExecutorId().getValue());
      if (error.isPresent()) {
        return error;
      }
      if (executor.hasShutdownGracePeriod()
          && executor.getShutdownGracePeriod().getNanoseconds() < 0) {
        return Optional.of("ExecutorInfo's 'shutdown_grace_period' must be non-negative");
      }
      if (!executor.hasFrameworkId()) {
        return Optional.of("'ExecutorInfo.framework_id' must be set");
      }
      if (!executor.getFrameworkId().getValue().equals(frameworkId.getValue())) {
        return Optional.of("ExecutorInfo has an invalid FrameworkID (Actual: "
            + executor.getFrameworkId().getValue() + " vs Expected: "
            + frameworkId.getValue() + ")");
      }
      error = ResourceValidation.validate(executor.getResourcesList());
      if (error.isPresent()) {
        return Optional.of("Executor uses invalid resources: " + error.get());
      }
      error = ResourceValidation.singleAllocationRole(executor.getResourcesList());
      if (error.isPresent() && executor.getResourcesCount() > 0) {
        return Optional.of("Invalid executor resources: " + error.get());
      }
      if (existingExecutor.isPresent() && !existingExecutor.get().equals(executor)) {
        return Optional.of("ExecutorInfo is not compatible with existing ExecutorInfo"
            + " with same ExecutorID.\n"
            + "------------------------------------------------------------\n"
            + "Existing ExecutorInfo:\n" + existingExecutor.get() + "\n"
            + "------------------------------------------------------------\n"
            + "ExecutorInfo:\n" + executor + "\n"
            + "------------------------------------------------------------\n");
      }
      if (executor.hasType() && executor.getType() != ExecutorInfo.Type.CUSTOM) {
        return Optional.of("'ExecutorInfo.type' must be 'CUSTOM'");
      }
      if (!executor.hasCommand()) {
        return Optional.of("'ExecutorInfo.command' must be set");
      }
      if (existingExecutor.isEmpty()) {
        total = total.plus(Resources.of(executor.getResourcesList()));
      }
    }
    Optional<String> error = ResourceValidation.uniquePersistenceIds(total);
    if (error.isPresent()) {
      return Optional.of("Task and its executor use duplicate persistence ID: " + error.get());
    }
    if (task.hasExecutor()) {
      Resources t = Resources.of(task.getResourcesList());
      Resources e = Resources.of(task.getExecutor().getResourcesList());
      if (!t.plus(e).minus(e).contains(t) || !overlapFree(t, e)) {
        return Optional.of("There are overlapping resources in the task resources " + t
            + " and executor resources " + e);
      }
    }
    if (!available.contains(total)) {
      return Optional.of("Total resources " + total + " required by task and its executor is"
          + " more than available " + available);
    }
    return Optional.empty();
  }

  /** Ranges and sets may not be claimed twice (say, one port by both task and executor). */
  private static boolean overlapFree(Resources task, Resources executor) {
    Resources both = task.plus(executor);
    return both.contains(task) && both.minus(task).contains(executor)
        && both.minus(executor).contains(task);
  }
}
