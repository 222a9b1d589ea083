package io.kafkamesos.scheduler.leader;

import com.google.protobuf.ByteString;
import io.kafkamesos.scheduler.mesos.NotSubscribedException;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The scheduler's calls to Mesos, through the {@link LeaderGate}: while the gate is closed a call
 * fails as if the scheduler were not subscribed, and nothing is sent.
 */
public final class GatedSchedulerDriver implements SchedulerDriver {

  private final SchedulerDriver driver;
  private final LeaderGate gate;

  public GatedSchedulerDriver(SchedulerDriver driver, LeaderGate gate) {
    this.driver = Objects.requireNonNull(driver);
    this.gate = Objects.requireNonNull(gate);
  }

  @Override
  public void accept(List<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
    check("accept");
    driver.accept(offerIds, operations, filters);
  }

  @Override
  public void decline(List<OfferID> offerIds, Filters filters) {
    check("decline");
    driver.decline(offerIds, filters);
  }

  @Override
  public void kill(TaskID taskId, AgentID agentId) {
    check("kill");
    driver.kill(taskId, agentId);
  }

  @Override
  public void reconcile(List<Call.Reconcile.Task> tasks) {
    check("reconcile");
    driver.reconcile(tasks);
  }

  @Override
  public void revive() {
    check("revive");
    driver.revive();
  }

  @Override
  public void suppress() {
    check("suppress");
    driver.suppress();
  }

  @Override
  public void acknowledge(AgentID agentId, TaskID taskId, ByteString uuid) {
    check("acknowledge");
    driver.acknowledge(agentId, taskId, uuid);
  }

  private void check(String call) {
    if (!gate.isOpen()) {
      throw new NotSubscribedException(call + " (" + gate.closedBecause() + ")");
    }
  }
}
