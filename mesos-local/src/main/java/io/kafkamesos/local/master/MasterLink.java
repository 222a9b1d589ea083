package io.kafkamesos.local.master;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskStatus;

/** What an agent tells the master; called on the shared event loop. */
public interface MasterLink {

  /** A status update for the framework (with a uuid: the agent retries until acknowledged). */
  void statusUpdate(FrameworkID framework, TaskStatus status);

  /** An executor process ended (exit status, or -1 when unknown). */
  void executorTerminated(AgentID agent, FrameworkID framework, ExecutorID executor, int status);

  /** An executor sent a MESSAGE for its framework. */
  void executorMessage(AgentID agent, FrameworkID framework, ExecutorID executor, ByteString data);
}
