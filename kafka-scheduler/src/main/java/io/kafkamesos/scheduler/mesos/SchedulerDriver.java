package io.kafkamesos.scheduler.mesos;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The calls the scheduler makes to the Mesos master, once subscribed. Each call is sent before the
 * method returns; a call Mesos refuses throws {@link io.kafkamesos.commons.mesos.MesosHttpException},
 * a master that cannot be reached {@link java.io.UncheckedIOException}, and a call made while not
 * subscribed {@link NotSubscribedException}. Offers and decisions stay with the caller: the driver
 * only carries them.
 */
public interface SchedulerDriver {

  /** Accepts offers with operations; what they do not use is refused for the filter's time. */
  void accept(List<OfferID> offerIds, List<Offer.Operation> operations, Filters filters);

  /** Declines offers; their resources are not offered again for the filter's time. */
  void decline(List<OfferID> offerIds, Filters filters);

  /** Asks the agent's executor to kill a task (the task's kill policy gives the grace period). */
  void kill(TaskID taskId, AgentID agentId);

  /** Asks for the latest state of these tasks; an empty list asks for every task (implicit). */
  void reconcile(List<Call.Reconcile.Task> tasks);

  /** Removes decline filters and asks for offers again. */
  void revive();

  /** Asks the master to stop sending offers. */
  void suppress();

  /** Acknowledges a status update, so that the agent stops re-sending it. */
  void acknowledge(AgentID agentId, TaskID taskId, ByteString uuid);
}
