package io.kafkamesos.local.proto;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** Builds task statuses the way the master and agent of Mesos fill them in. */
public final class Statuses {

  private Statuses() {
  }

  /**
   * A status from the master or an agent.
   *
   * @param reason null for none
   * @param message null for none
   * @param uuid present for updates that must be acknowledged (the agent's); absent for the
   *     master's own, which the scheduler need not acknowledge
   */
  public static TaskStatus create(Clock clock, TaskID taskId, TaskState state,
      TaskStatus.Source source, TaskStatus.Reason reason, String message,
      Optional<AgentID> agentId, Optional<ExecutorID> executorId, boolean uuid) {
    TaskStatus.Builder b = TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setSource(source)
        .setTimestamp(clock.millis() / 1000.0);
    if (reason != null) {
      b.setReason(reason);
    }
    if (message != null) {
      b.setMessage(message);
    }
    agentId.ifPresent(b::setAgentId);
    executorId.ifPresent(b::setExecutorId);
    if (uuid) {
      b.setUuid(randomUuid());
    }
    return b.build();
  }

  public static ByteString randomUuid() {
    UUID u = UUID.randomUUID();
    ByteBuffer buf = ByteBuffer.allocate(16);
    buf.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return ByteString.copyFrom(buf.array());
  }

  /** Whether the bytes are a UUID as Mesos checks it: exactly 16 bytes. */
  public static boolean isUuid(ByteString bytes) {
    return bytes.size() == 16;
  }

  public static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED,
          TASK_GONE, TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }
}
