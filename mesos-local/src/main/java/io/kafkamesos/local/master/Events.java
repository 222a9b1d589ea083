package io.kafkamesos.local.master;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The scheduler events the master sends. */
final class Events {

  private Events() {
  }

  static Event subscribed(Protos.FrameworkID id, double heartbeatSeconds, Protos.MasterInfo master) {
    return Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(id)
            .setHeartbeatIntervalSeconds(heartbeatSeconds).setMasterInfo(master))
        .build();
  }

  static Event offers(List<Protos.Offer> offers) {
    return Event.newBuilder().setType(Event.Type.OFFERS)
        .setOffers(Event.Offers.newBuilder().addAllOffers(offers)).build();
  }

  static Event rescind(OfferID id) {
    return Event.newBuilder().setType(Event.Type.RESCIND)
        .setRescind(Event.Rescind.newBuilder().setOfferId(id)).build();
  }

  static Event update(TaskStatus status) {
    return Event.newBuilder().setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(status)).build();
  }

  static Event message(AgentID agent, ExecutorID executor, ByteString data) {
    return Event.newBuilder().setType(Event.Type.MESSAGE)
        .setMessage(Event.Message.newBuilder().setAgentId(agent).setExecutorId(executor)
            .setData(data)).build();
  }

  static Event executorFailure(AgentID agent, ExecutorID executor, int status) {
    Event.Failure.Builder failure = Event.Failure.newBuilder().setAgentId(agent)
        .setExecutorId(executor);
    if (status != -1) {
      failure.setStatus(status);
    }
    return Event.newBuilder().setType(Event.Type.FAILURE).setFailure(failure).build();
  }

  /** Mesos' LostSlaveMessage in the v1 API: a FAILURE with the agent id and no executor. */
  static Event agentFailure(AgentID agent) {
    return Event.newBuilder().setType(Event.Type.FAILURE)
        .setFailure(Event.Failure.newBuilder().setAgentId(agent)).build();
  }

  static Event error(String message) {
    return Event.newBuilder().setType(Event.Type.ERROR)
        .setError(Event.Error.newBuilder().setMessage(message)).build();
  }

  static Event heartbeat() {
    return Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
  }

  static Event operationError(Protos.OperationID id, String message) {
    return Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS)
        .setUpdateOperationStatus(Event.UpdateOperationStatus.newBuilder().setStatus(
            Protos.OperationStatus.newBuilder().setOperationId(id)
                .setState(Protos.OperationState.OPERATION_ERROR).setMessage(message)))
        .build();
  }
}
