package io.kafkamesos.local.agent;

import com.google.protobuf.ByteString;
import io.kafkamesos.local.master.MasterLink;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The agent's line to the master, cut when its machine dies: timers and process callbacks of a
 * dead agent may still fire, but nothing they say reaches the master (a dead machine sends no
 * goodbye).
 */
final class SilentWhenDead implements MasterLink {

  private final MasterLink master;
  private final BooleanSupplier dead;

  SilentWhenDead(MasterLink master, BooleanSupplier dead) {
    this.master = Objects.requireNonNull(master);
    this.dead = Objects.requireNonNull(dead);
  }

  @Override
  public void statusUpdate(FrameworkID framework, TaskStatus status) {
    if (!dead.getAsBoolean()) {
      master.statusUpdate(framework, status);
    }
  }

  @Override
  public void executorTerminated(AgentID agent, FrameworkID framework, ExecutorID executor,
      int status) {
    if (!dead.getAsBoolean()) {
      master.executorTerminated(agent, framework, executor, status);
    }
  }

  @Override
  public void executorMessage(AgentID agent, FrameworkID framework, ExecutorID executor,
      ByteString data) {
    if (!dead.getAsBoolean()) {
      master.executorMessage(agent, framework, executor, data);
    }
  }
}
