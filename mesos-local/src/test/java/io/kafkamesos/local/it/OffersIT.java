package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static io.kafkamesos.local.it.TestTasks.EXECUTOR_CPUS;
import static io.kafkamesos.local.it.TestTasks.EXECUTOR_MEM;
import static io.kafkamesos.local.it.TestTasks.TASK_CPUS;
import static io.kafkamesos.local.it.TestTasks.TASK_MEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Offers as the allocator makes them (docs/scheduler-http-api.md: OFFERS, DECLINE, REVIVE,
 * SUPPRESS): one offer per agent with what the agent has left, filters from refuse_seconds, REVIVE
 * clearing filters, SUPPRESS stopping offers.
 */
class OffersIT {

  private static final int AGENTS = 3;

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(AGENTS)
      .withResources("cpus:2;mem:4096;disk:20000;ports:[31000-32000]"));

  @Test
  void oneOfferPerAgentWithTheAgentsResources() {
    TestFramework framework = cluster.framework("offers", b -> b.role("offers-role"));
    List<Offer> offers = framework.awaitOffers(AGENTS, TIMEOUT);

    assertThat(offers).hasSize(AGENTS);
    assertThat(offers.stream().map(Offer::getHostname).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(cluster.mesos().agentHostnames());
    for (Offer offer : offers) {
      assertThat(offer.getFrameworkId()).isEqualTo(framework.frameworkId());
      assertThat(offer.getAllocationInfo().getRole()).isEqualTo("offers-role");
      assertThat(offer.getResourcesList()).allSatisfy(r -> {
        assertThat(r.getAllocationInfo().getRole()).isEqualTo("offers-role");
        assertThat(TestTasks.isUnreserved(r)).isTrue();
      });
      assertThat(TestTasks.sum(offer.getResourcesList(), "cpus")).isCloseTo(2, within(1e-9));
      assertThat(TestTasks.sum(offer.getResourcesList(), "mem")).isCloseTo(4096, within(1e-9));
      assertThat(TestTasks.sum(offer.getResourcesList(), "disk")).isCloseTo(20000, within(1e-9));
      List<String> ports = TestTasks.ranges(offer.getResourcesList(), "ports");
      assertThat(ports).isNotEmpty().allSatisfy(range -> {
        String[] bounds = range.split("-");
        assertThat(Long.parseLong(bounds[0])).isBetween(31000L, 32000L);
        assertThat(Long.parseLong(bounds[1])).isBetween(31000L, 32000L);
      });
    }

    // /state shows the same agents with the same totals
    MasterState state = cluster.state();
    assertThat(state.agents()).hasSize(AGENTS).allSatisfy(agent -> {
      assertThat(MasterState.quantity(agent.getAsJsonObject("resources"), "cpus")).isEqualTo(2);
      assertThat(MasterState.quantity(agent.getAsJsonObject("resources"), "mem")).isEqualTo(4096);
      assertThat(MasterState.quantity(agent.getAsJsonObject("resources"), "disk"))
          .isEqualTo(20000);
    });
    assertThat(state.agents().stream().map(a -> MasterState.string(a, "hostname")))
        .containsExactlyInAnyOrderElementsOf(cluster.mesos().agentHostnames());

    // nothing is offered twice while the offers are outstanding
    int mark = framework.mark();
    framework.revive();
    assertThat(framework.eventWithin(mark, Event.Type.OFFERS, e -> true, Duration.ofSeconds(4)))
        .as("a second offer of resources already offered").isEmpty();
    assertThat(framework.outstandingOffers()).hasSize(AGENTS);
  }

  @Test
  void declinedAgentIsNotReofferedUntilRefuseSecondsLapse() {
    TestFramework framework = cluster.framework("decliner", b -> b.role("decline-role"));
    List<Offer> offers = framework.awaitOffers(AGENTS, TIMEOUT);
    AgentID filtered = offers.get(0).getAgentId();
    Set<AgentID> others = offers.stream().map(Offer::getAgentId)
        .filter(a -> !a.equals(filtered)).collect(Collectors.toSet());

    int mark = framework.mark();
    long declinedAt = System.nanoTime();
    framework.decline(List.of(offers.get(0).getId()), 15);
    framework.decline(offers.subList(1, offers.size()).stream().map(Offer::getId).toList(), 1);

    // the other agents come back after their 1 s filter, so the allocator is running...
    Poll.until("the agents declined for 1 s offered again", TIMEOUT, () -> others.stream()
        .allMatch(a -> !framework.offersReceived(mark, a).isEmpty()));
    // ...while the agent declined for 15 s stays filtered
    Poll.sleep(Math.max(0, 8_000 - (System.nanoTime() - declinedAt) / 1_000_000));
    assertThat(framework.offersReceived(mark, filtered))
        .as("offers for the agent declined with refuse_seconds=15").isEmpty();

    framework.awaitOfferFor(mark, filtered, TIMEOUT);
  }

  @Test
  void reviveClearsRefuseFilters() {
    TestFramework framework = cluster.framework("reviver", b -> b.role("revive-role"));
    List<Offer> offers = framework.awaitOffers(AGENTS, TIMEOUT);
    int mark = framework.mark();
    framework.decline(offers.stream().map(Offer::getId).toList(), 3600);

    assertThat(framework.eventWithin(mark, Event.Type.OFFERS, e -> true, Duration.ofSeconds(3)))
        .as("offers despite refuse_seconds=3600").isEmpty();

    framework.revive();
    framework.awaitOffers(AGENTS, TIMEOUT);
  }

  @Test
  void suppressStopsOffersUntilRevive() {
    TestFramework framework = cluster.framework("suppressor", b -> b.role("suppress-role"));
    List<Offer> offers = framework.awaitOffers(AGENTS, TIMEOUT);
    framework.suppress();
    int mark = framework.mark();
    framework.decline(offers.stream().map(Offer::getId).toList(), 1);

    assertThat(framework.eventWithin(mark, Event.Type.OFFERS, e -> true, Duration.ofSeconds(6)))
        .as("offers to a suppressed framework").isEmpty();

    framework.revive();
    framework.awaitOffers(AGENTS, TIMEOUT);
  }

  @Test
  void offersNeverIncludeResourcesInUse() {
    TestFramework framework = cluster.framework("accountant", b -> b.role("accounting-role"));
    Offer offer = framework.awaitOffers(AGENTS, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    TaskInfo task = TestTasks.task("accounted", offer, Map.of());

    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    double cpusLeft = 2 - TASK_CPUS - EXECUTOR_CPUS;
    double memLeft = 4096 - TASK_MEM - EXECUTOR_MEM;
    Offer rest = framework.awaitEvent(mark, Event.Type.OFFERS, e -> e.getOffers().getOffersList()
        .stream().anyMatch(o -> o.getAgentId().equals(agent)), TIMEOUT)
        .getOffers().getOffersList().stream().filter(o -> o.getAgentId().equals(agent))
        .findFirst().orElseThrow();
    assertThat(TestTasks.sum(rest.getResourcesList(), "cpus")).isCloseTo(cpusLeft, within(1e-6));
    assertThat(TestTasks.sum(rest.getResourcesList(), "mem")).isCloseTo(memLeft, within(1e-6));

    var used = cluster.state().agent(agent.getValue()).getAsJsonObject("used_resources");
    assertThat(MasterState.quantity(used, "cpus")).isCloseTo(TASK_CPUS + EXECUTOR_CPUS, within(1e-6));
    assertThat(MasterState.quantity(used, "mem")).isCloseTo(TASK_MEM + EXECUTOR_MEM, within(1e-6));

    int beforeKill = framework.mark();
    framework.kill(task.getTaskId(), agent);
    framework.awaitUpdate(beforeKill, task.getTaskId(), TaskState.TASK_KILLED, TIMEOUT);
    awaitFullOffer(framework, agent, 2.0);
  }

  @Test
  void declineWithoutFiltersRefusesForTheDefaultFiveSeconds() {
    // mesos.proto: Filters.refuse_seconds defaults to 5; the master applies it to a DECLINE
    // that carries no filters
    TestFramework framework = cluster.framework("default-decliner", b -> b.role("default-role"));
    List<Offer> offers = framework.awaitOffers(AGENTS, TIMEOUT);
    int mark = framework.mark();
    framework.send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(
        Call.Decline.newBuilder().addAllOfferIds(offers.stream().map(Offer::getId).toList())));
    assertThat(framework.eventWithin(mark, Event.Type.OFFERS, e -> true, Duration.ofSeconds(3)))
        .as("offers within 3 s of a DECLINE without filters").isEmpty();
    framework.awaitOffers(AGENTS, TIMEOUT);
  }

  @Test
  void resourcesAnAcceptLeavesUnusedAreFilteredLikeADecline() {
    // docs/scheduler-http-api.md ACCEPT: unused resources are considered declined, with the
    // call's filters
    TestFramework framework = cluster.framework("frugal", b -> b.role("frugal-role"));
    Offer offer = framework.awaitOffers(AGENTS, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("frugal", offer, Map.of());
    int mark = framework.mark();
    framework.accept(List.of(offer.getId()), List.of(TestTasks.launch(task)), 3600);
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    assertThat(framework.eventWithin(mark, Event.Type.OFFERS,
        e -> e.getOffers().getOffersList().stream()
            .anyMatch(o -> o.getAgentId().equals(offer.getAgentId())),
        Duration.ofSeconds(4))).as("the rest of the accepted offer offered again").isEmpty();

    framework.revive();
    framework.awaitOfferFor(mark, offer.getAgentId(), TIMEOUT);
  }

  @Test
  void portsInUseAreNotOfferedAgain() {
    TestFramework framework = cluster.framework("port-user", b -> b.role("ports-role"));
    Offer offer = framework.awaitOffers(AGENTS, TIMEOUT).get(0);
    long port = Long.parseLong(TestTasks.ranges(offer.getResourcesList(), "ports").get(0)
        .split("-")[0]);
    Resource ports = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(
            Value.Range.newBuilder().setBegin(port).setEnd(port)))
        .setAllocationInfo(offer.getAllocationInfo()).build();
    TaskInfo task = TestTasks.task("port-user", offer, Map.of(), List.of(
        TestTasks.scalar("cpus", TASK_CPUS, offer.getAllocationInfo()),
        TestTasks.scalar("mem", TASK_MEM, offer.getAllocationInfo()), ports));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);

    Offer rest = framework.awaitOfferFor(mark, offer.getAgentId(), TIMEOUT);
    assertThat(TestTasks.ranges(rest.getResourcesList(), "ports")).isNotEmpty()
        .allSatisfy(range -> {
          String[] bounds = range.split("-");
          assertThat(port >= Long.parseLong(bounds[0]) && port <= Long.parseLong(bounds[1]))
              .as("port %d in use but offered in %s", port, range).isFalse();
        });
  }

  /** Declines what the agent has on offer until one offer carries all its cpus again. */
  static Offer awaitFullOffer(TestFramework framework, AgentID agent, double cpus) {
    return framework.awaitOfferMatching(agent,
        o -> Math.abs(TestTasks.sum(o.getResourcesList(), "cpus") - cpus) < 1e-6,
        "an offer with all " + cpus + " cpus", TIMEOUT);
  }
}
