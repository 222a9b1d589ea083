package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** How a task status changes a broker's record. Pure. */
public final class BrokerTransitions {

  /**
   * States after which the task is gone, as far as this framework can know. UNREACHABLE and UNKNOWN
   * may come back (the framework is partition-aware): a later RUNNING of the same task is adopted.
   */
  private static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.TASK_FINISHED,
      TaskState.TASK_FAILED, TaskState.TASK_KILLED, TaskState.TASK_ERROR, TaskState.TASK_LOST,
      TaskState.TASK_DROPPED, TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR,
      TaskState.TASK_UNREACHABLE, TaskState.TASK_UNKNOWN);

  /** States that say the task's agent (not the broker) is the problem: its volume may come back. */
  private static final Set<TaskState> AGENT_LOST = EnumSet.of(TaskState.TASK_LOST,
      TaskState.TASK_UNREACHABLE, TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR,
      TaskState.TASK_UNKNOWN);

  /** A broker that ran this long before failing starts its backoff afresh. */
  static final Duration STABLE_RUN = Duration.ofMinutes(10);

  private BrokerTransitions() {
  }

  public static boolean isTerminal(TaskState state) {
    return TERMINAL.contains(state);
  }

  /**
   * @param record the broker the status names (by the broker id in its task id)
   * @param status the status Mesos reported
   * @param now the time it arrived
   */
  public static StatusOutcome onStatus(BrokerRecord record, TaskStatus status, Instant now) {
    TaskState state = status.getState();
    String taskId = status.getTaskId().getValue();
    if (!taskId.equals(record.taskId())) {
      // an earlier task of this broker; if it still lives it is an orphan
      return new StatusOutcome(record, !isTerminal(state));
    }
    String described = describe(status);
    if (record.state() == BrokerState.REMOVED) {
      return new StatusOutcome(record, !isTerminal(state));
    }
    if (record.state() == BrokerState.LOST) {
      if (isTerminal(state)) {
        return new StatusOutcome(record.withStatus(BrokerState.LOST, described, 0), false);
      }
      // the agent came back with the task alive: adopt it rather than launch the id twice
      BrokerState back = state == TaskState.TASK_RUNNING ? BrokerState.RUNNING : BrokerState.STAGING;
      return new StatusOutcome(record.withStatus(back, described,
          back == BrokerState.RUNNING ? now.toEpochMilli() : 0), false);
    }
    if (record.state() == BrokerState.REMOVING && isTerminal(state)) {
      return new StatusOutcome(record.withStatus(BrokerState.REMOVED, described, 0), false);
    }
    if (!isTerminal(state)) {
      BrokerState next = switch (record.state()) {
        case KILLING, REMOVING -> record.state();
        case PENDING, FAILED -> record.state(); // a late update of a task already given up
        default -> state == TaskState.TASK_RUNNING ? BrokerState.RUNNING : record.state();
      };
      if (record.state() == BrokerState.PENDING || record.state() == BrokerState.FAILED) {
        return new StatusOutcome(record, true);
      }
      long runningSince = next == BrokerState.RUNNING && record.runningSinceMillis() == 0
          ? now.toEpochMilli() : record.runningSinceMillis();
      return new StatusOutcome(record.withStatus(next, described, runningSince), false);
    }
    if (record.state() == BrokerState.PENDING || record.state() == BrokerState.FAILED) {
      return new StatusOutcome(record, false); // a repeated terminal update
    }
    if (AGENT_LOST.contains(state) && record.reservation() != null) {
      // its data lives on that agent: wait for it rather than start empty elsewhere
      return new StatusOutcome(record.ended(true, described, "agent lost: " + described,
          record.failures(), now.toEpochMilli(), true).withState(BrokerState.LOST), false);
    }
    boolean gone = state == TaskState.TASK_GONE || state == TaskState.TASK_GONE_BY_OPERATOR;
    if (record.restart() != RestartMode.NONE || record.state() == BrokerState.KILLING) {
      return new StatusOutcome(
          record.ended(false, described, record.lastRestartReason() == null ? "restart requested"
              : record.lastRestartReason(), 0, record.failedAtMillis(), !gone), false);
    }
    boolean ranLong = record.runningSinceMillis() > 0
        && Duration.between(Instant.ofEpochMilli(record.runningSinceMillis()), now)
            .compareTo(STABLE_RUN) > 0;
    int failures = ranLong ? 1 : record.failures() + 1;
    return new StatusOutcome(record.ended(true, described, "task ended: " + described, failures,
        now.toEpochMilli(), !gone), false);
  }

  static String describe(TaskStatus status) {
    StringBuilder s = new StringBuilder(status.getState().name());
    if (status.hasReason()) {
      s.append(" (").append(status.getReason().name()).append(')');
    }
    if (status.hasMessage() && !status.getMessage().isBlank()) {
      String message = status.getMessage().strip();
      s.append(": ").append(message.length() > 500 ? message.substring(0, 500) + "..." : message);
    }
    return s.toString();
  }
}
