package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ACCEPT validated as the Mesos master validates it (src/master/master.cpp {@code accept} and
 * {@code _accept}, src/master/validation.cpp {@code offer::validate}, {@code task::validate},
 * {@code operation::validate}). The HTTP answer is always 202; the verdict comes as status updates:
 * invalid offers (spent, declined, unknown, another framework's) turn the tasks into TASK_DROPPED
 * (TASK_LOST without PARTITION_AWARE) with REASON_INVALID_OFFERS; an invalid task (duplicate id,
 * more than offered, resources of another role, no resources, wrong agent) into TASK_ERROR with
 * REASON_TASK_INVALID; an invalid RESERVE is dropped.
 */
class OfferValidationIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(2));

  @Test
  void secondAcceptOfTheSameOfferDropsItsTasks() {
    TestFramework framework = cluster.framework("twice");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo first = TestTasks.task("first-use", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(first)));
    framework.awaitUpdate(mark, first.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    TaskInfo second = TestTasks.task("second-use", offer, Map.of());
    framework.accept(offer, List.of(TestTasks.launch(second)));
    assertInvalidOffers(framework, mark, second, TaskState.TASK_DROPPED);
  }

  @Test
  void acceptOfADeclinedOfferDropsItsTasks() {
    TestFramework framework = cluster.framework("declined");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    framework.decline(List.of(offer.getId()), 60);
    int mark = framework.mark();
    TaskInfo task = TestTasks.task("on-declined", offer, Map.of());
    framework.accept(offer, List.of(TestTasks.launch(task)));
    assertInvalidOffers(framework, mark, task, TaskState.TASK_DROPPED);
  }

  @Test
  void acceptOfAnUnknownOfferLosesItsTasksWithoutPartitionAwareness() {
    TestFramework framework = cluster.framework("unaware", b -> b.partitionAware(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    Offer made = offer.toBuilder().setId(OfferID.newBuilder().setValue("no-such-offer")).build();
    int mark = framework.mark();
    TaskInfo task = TestTasks.task("on-unknown", made, Map.of());
    framework.accept(made, List.of(TestTasks.launch(task)));
    TaskStatus lost = assertInvalidOffers(framework, mark, task, TaskState.TASK_LOST);
    // master.cpp accept(): the offers' validation error, prefixed
    assertThat(lost.getMessage())
        .isEqualTo("Task launched with invalid offers: Offer no-such-offer is no longer valid");
  }

  @Test
  void acceptOfAnotherFrameworksOfferDropsItsTasks() {
    TestFramework owner = cluster.framework("owner", b -> b.role("owner-role"));
    List<Offer> ownerOffers = owner.awaitOffers(2, TIMEOUT);
    // leave one agent to the thief, keep the other
    owner.decline(List.of(ownerOffers.get(1).getId()), 3600);
    TestFramework thief = cluster.framework("thief", b -> b.role("thief-role"));
    thief.awaitOffers(1, TIMEOUT);

    Offer stolen = ownerOffers.get(0);
    TaskInfo task = TestTasks.task("stolen", stolen, Map.of());
    int mark = thief.mark();
    thief.accept(stolen, List.of(TestTasks.launch(task)));
    assertInvalidOffers(thief, mark, task, TaskState.TASK_DROPPED);
  }

  @Test
  void duplicateTaskIdIsATaskError() {
    TestFramework framework = cluster.framework("duplicator");
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    TaskInfo original = TestTasks.task("duplicated", offers.get(0), Map.of());
    int mark = framework.mark();
    framework.accept(offers.get(0), List.of(TestTasks.launch(original)));
    TaskStatus running =
        framework.awaitUpdate(mark, original.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    int beforeCopy = framework.mark();
    TaskInfo copy = TestTasks.task("duplicated", offers.get(1), Map.of());
    framework.accept(offers.get(1), List.of(TestTasks.launch(copy)));
    TaskStatus error = framework.awaitUpdate(beforeCopy, copy.getTaskId(), TaskState.TASK_ERROR,
        TIMEOUT);
    assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(error.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);

    // the original task is untouched
    long pid = TestExecutor.pidIn(running).orElseThrow();
    assertThat(LocalCluster.isAlive(pid)).isTrue();
    framework.reconcile(List.of(Call.Reconcile.Task.newBuilder()
        .setTaskId(original.getTaskId()).setAgentId(offers.get(0).getAgentId()).build()));
    TaskStatus reconciled = framework.awaitEvent(beforeCopy, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION,
        TIMEOUT).getUpdate().getStatus();
    assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(reconciled.getAgentId()).isEqualTo(offers.get(0).getAgentId());
  }

  @Test
  void taskNeedingMoreThanTheOfferIsATaskErrorAndTheOfferComesBack() {
    TestFramework framework = cluster.framework("greedy");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("greedy", offer, Map.of(), List.of(
        TestTasks.scalar("cpus", 100, offer.getAllocationInfo()),
        TestTasks.scalar("mem", 128, offer.getAllocationInfo())));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus error = assertTaskError(framework, mark, task);
    assertThat(error.getMessage()).startsWith("Total resources ");

    // nothing was consumed: the agent's full resources are offered again
    OffersIT.awaitFullOffer(framework, offer.getAgentId(), 2.0);
  }

  @Test
  void taskUsingResourcesReservedForAnotherRoleIsATaskError() {
    TestFramework framework = cluster.framework("wrong-role", b -> b.role("right-role"));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    Resource cpus = TestTasks.reserved(
        TestTasks.scalar("cpus", 0.5, offer.getAllocationInfo()), "another-role", "p");
    TaskInfo task = TestTasks.task("wrong-role", offer, Map.of(), List.of(
        cpus, TestTasks.scalar("mem", 128, offer.getAllocationInfo())));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    assertTaskError(framework, mark, task);
  }

  @Test
  void taskWithoutResourcesIsATaskError() {
    TestFramework framework = cluster.framework("penniless");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("penniless", offer, Map.of(), List.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    assertTaskError(framework, mark, task);
  }

  @Test
  void taskForAnotherAgentThanTheOffersIsATaskError() {
    TestFramework framework = cluster.framework("misdirected");
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    AgentID other = offers.get(1).getAgentId();
    TaskInfo task = TestTasks.task("misdirected", offers.get(0), Map.of()).toBuilder()
        .setAgentId(other).build();
    int mark = framework.mark();
    framework.accept(offers.get(0), List.of(TestTasks.launch(task)));
    assertTaskError(framework, mark, task);
  }

  @Test
  void taskWithBothCommandAndExecutorIsATaskError() {
    TestFramework framework = cluster.framework("ambiguous");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("ambiguous", offer, Map.of()).toBuilder()
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue("true")).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    assertTaskError(framework, mark, task);
  }

  @Test
  void reserveForARoleTheFrameworkDoesNotHaveIsDropped() {
    TestFramework framework = cluster.framework("usurper", b -> b.role("usurper-role"));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    Resource cpus = TestTasks.reserved(
        TestTasks.scalar("cpus", 1, offer.getAllocationInfo()), "someone-elses-role",
        framework.principal());
    framework.accept(List.of(offer.getId()), List.of(TestTasks.reserve(List.of(cpus))), 0.1);

    Offer again = OffersIT.awaitFullOffer(framework, offer.getAgentId(), 2.0);
    assertThat(again.getResourcesList()).allSatisfy(
        r -> assertThat(TestTasks.isUnreserved(r)).isTrue());
    assertThat(MasterState.reservedFor(cluster.state().agent(offer.getAgentId().getValue()),
        "someone-elses-role")).isEmpty();
  }

  @Test
  void ofTwoTasksThatTogetherNeedMoreThanTheOfferTheOneThatDoesNotFitIsATaskError() {
    TestFramework framework = cluster.framework("crowded");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo fits = TestTasks.task("fits", offer, Map.of(), List.of(
        TestTasks.scalar("cpus", 1.2, offer.getAllocationInfo()),
        TestTasks.scalar("mem", 128, offer.getAllocationInfo())));
    TaskInfo overflows = TestTasks.task("overflows", offer, Map.of(), List.of(
        TestTasks.scalar("cpus", 1.2, offer.getAllocationInfo()),
        TestTasks.scalar("mem", 128, offer.getAllocationInfo())));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(fits, overflows)));
    framework.awaitUpdate(mark, fits.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    assertTaskError(framework, mark, overflows);
  }

  @Test
  void taskUsingPortsOutsideTheOfferIsATaskError() {
    TestFramework framework = cluster.framework("port-squatter");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    Resource ports = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(
            Value.Range.newBuilder().setBegin(80).setEnd(80)))
        .setAllocationInfo(offer.getAllocationInfo()).build();
    TaskInfo task = TestTasks.task("port-80", offer, Map.of(), List.of(
        TestTasks.scalar("cpus", 0.5, offer.getAllocationInfo()),
        TestTasks.scalar("mem", 128, offer.getAllocationInfo()), ports));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    assertTaskError(framework, mark, task);
  }

  @Test
  void offersOfTwoAgentsCannotBeAcceptedTogether() {
    TestFramework framework = cluster.framework("aggregator");
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    TaskInfo task = TestTasks.task("spanning", offers.get(0), Map.of());
    int mark = framework.mark();
    framework.accept(List.of(offers.get(0).getId(), offers.get(1).getId()),
        List.of(TestTasks.launch(task)), 0.1);
    assertInvalidOffers(framework, mark, task, TaskState.TASK_DROPPED);
  }

  @Test
  void acceptWithoutOffersDropsItsTasks() {
    TestFramework framework = cluster.framework("offerless");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("offerless", offer, Map.of());
    int mark = framework.mark();
    framework.accept(List.of(), List.of(TestTasks.launch(task)), 0.1);
    assertInvalidOffers(framework, mark, task, TaskState.TASK_DROPPED);
  }

  private static TaskStatus assertInvalidOffers(TestFramework framework, int mark, TaskInfo task,
      TaskState expected) {
    TaskStatus status = framework.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(status.getState()).as(status.getMessage()).isEqualTo(expected);
    assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(status.hasUuid()).as("a master-generated update carries no uuid").isFalse();
    assertThat(framework.eventWithin(mark, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getTaskId().equals(task.getTaskId())
            && e.getUpdate().getStatus().getState() == TaskState.TASK_RUNNING,
        Duration.ofSeconds(2))).as("the task must not run").isEmpty();
    return status;
  }

  private static TaskStatus assertTaskError(TestFramework framework, int mark, TaskInfo task) {
    TaskStatus status = framework.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(status.getState()).as(status.getMessage()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(status.getMessage()).isNotBlank();
    assertThat(status.hasUuid()).as("a master-generated update carries no uuid").isFalse();
    return status;
  }
}
