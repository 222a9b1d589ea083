package io.kafkamesos.local.master;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.resources.Resources;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What the master asks of an agent. Master and agents live in one JVM and share one event loop,
 * so these are plain calls made on that loop, standing in for Mesos' master-agent messages.
 */
public interface AgentLink {

  AgentInfo info();

  /** The agent's base URL, {@code http://host:port}. */
  String url();

  /** All the agent's resources, reservations and volumes included, unallocated. */
  Resources totalResources();

  /** Checkpoints a RESERVE, UNRESERVE, CREATE or DESTROY (creating the volume's directory). */
  void apply(Offer.Operation operation);

  /** Runs a task on its executor, starting the executor first if it is not running. */
  void runTask(FrameworkInfo framework, TaskInfo task);

  void killTask(FrameworkID framework, TaskID task, Optional<KillPolicy> policy);

  void shutdownExecutor(FrameworkID framework, ExecutorID executor);

  /** Kills every executor of the framework and forgets it (teardown, failover expiry). */
  void shutdownFramework(FrameworkID framework);

  /** The scheduler acknowledged a status update; the agent stops retrying it. */
  void acknowledge(FrameworkID framework, TaskID task, ByteString uuid);

  void frameworkMessage(FrameworkID framework, ExecutorID executor, ByteString data);

  /** The framework re-subscribed: later updates reach it with its new info. */
  void updateFramework(FrameworkInfo framework);

  /**
   * Whether the agent answers the master's health check (Mesos' ping and pong). An agent whose
   * machine died does not; after the ping timeout the master marks it unreachable.
   */
  boolean reachable();

  /**
   * The agent re-registered with a newly elected master: it sends again, now, the first
   * unacknowledged status update of every task (Mesos' status update manager resumes when the
   * agent re-registers), instead of waiting for its next retry.
   */
  void resumeStatusUpdates();

  /** What the agent recovered from its checkpoint, for the master to rebuild its view. */
  List<RecoveredExecutor> recovered();

  /** An executor the agent runs, with its framework, tasks and their latest states. */
  record RecoveredExecutor(FrameworkInfo framework, ExecutorInfo executor,
      List<RecoveredTask> tasks) {
  }

  /** A task the agent knows, with the statuses seen so far (latest last). */
  record RecoveredTask(TaskInfo task, List<TaskStatus> statuses) {
  }
}
