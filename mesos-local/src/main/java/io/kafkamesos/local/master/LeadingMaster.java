package io.kafkamesos.local.master;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' line to whichever master leads now, as a Mesos agent's master detector gives it:
 * what an agent says reaches the current leader, or nobody while there is none (status updates
 * are sent again by the agent's retries and when it re-registers with the next leader). Used on
 * the event loop.
 */
public final class LeadingMaster implements MasterLink {

  private static final Logger LOG = LoggerFactory.getLogger(LeadingMaster.class);

  private Master leader;

  /** The master that was just elected. */
  void lead(Master master) {
    leader = master;
  }

  /** The master stops leading (it died, or lost its ZooKeeper membership). */
  void abdicate(Master master) {
    if (leader == master) {
      leader = null;
    }
  }

  public Optional<Master> current() {
    return Optional.ofNullable(leader);
  }

  @Override
  public void statusUpdate(FrameworkID framework, TaskStatus status) {
    if (leader != null) {
      leader.statusUpdate(framework, status);
    } else {
      LOG.info("No leading master: status update {} of task {} waits for the next one",
          status.getState(), status.getTaskId().getValue());
    }
  }

  @Override
  public void executorTerminated(AgentID agent, FrameworkID framework, ExecutorID executor,
      int status) {
    if (leader != null) {
      leader.executorTerminated(agent, framework, executor, status);
    } else {
      LOG.info("No leading master: the end of executor {} of framework {} is not reported",
          executor.getValue(), framework.getValue());
    }
  }

  @Override
  public void executorMessage(AgentID agent, FrameworkID framework, ExecutorID executor,
      ByteString data) {
    if (leader != null) {
      leader.executorMessage(agent, framework, executor, data);
    }
  }
}
