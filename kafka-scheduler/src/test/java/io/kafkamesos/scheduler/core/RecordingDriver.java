package io.kafkamesos.scheduler.core;

import com.google.protobuf.ByteString;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** A driver that records the calls it is given; it can be told to refuse accepts. */
final class RecordingDriver implements SchedulerDriver {

  record Accepted(List<OfferID> offers, List<Offer.Operation> operations) {
  }

  final List<Accepted> accepted = new ArrayList<>();
  final List<OfferID> declined = new ArrayList<>();
  final List<String> killed = new ArrayList<>();
  final List<List<Call.Reconcile.Task>> reconciled = new ArrayList<>();
  final List<String> acknowledged = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  RuntimeException refuseAccept;

  @Override
  public void accept(List<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
    calls.add("accept");
    if (refuseAccept != null) {
      throw refuseAccept;
    }
    accepted.add(new Accepted(offerIds, operations));
  }

  @Override
  public void decline(List<OfferID> offerIds, Filters filters) {
    calls.add("decline " + (long) filters.getRefuseSeconds());
    declined.addAll(offerIds);
  }

  @Override
  public void kill(TaskID taskId, AgentID agentId) {
    calls.add("kill");
    killed.add(taskId.getValue());
  }

  @Override
  public void reconcile(List<Call.Reconcile.Task> tasks) {
    calls.add("reconcile " + tasks.size());
    reconciled.add(tasks);
  }

  @Override
  public void revive() {
    calls.add("revive");
  }

  @Override
  public void suppress() {
    calls.add("suppress");
  }

  @Override
  public void acknowledge(AgentID agentId, TaskID taskId, ByteString uuid) {
    calls.add("acknowledge");
    acknowledged.add(taskId.getValue());
  }

  /** The task infos of every accepted LAUNCH, in order. */
  List<org.apache.mesos.v1.Protos.TaskInfo> launched() {
    return accepted.stream().flatMap(a -> a.operations().stream())
        .filter(o -> o.getType() == Offer.Operation.Type.LAUNCH)
        .flatMap(o -> o.getLaunch().getTaskInfosList().stream()).toList();
  }
}
