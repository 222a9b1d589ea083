package io.kafkamesos.executor.observability;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * The v1 executor {@code MESSAGE} call that carries data to the framework's scheduler (Mesos
 * delivers it as a {@code MESSAGE} event, best effort: a message lost in transit is not resent).
 */
public final class SchedulerMessages {

  private SchedulerMessages() {
  }

  public static Call call(String frameworkId, String executorId, byte[] data) {
    return Call.newBuilder()
        .setType(Call.Type.MESSAGE)
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
        .setMessage(Call.Message.newBuilder().setData(ByteString.copyFrom(data)))
        .build();
  }
}
