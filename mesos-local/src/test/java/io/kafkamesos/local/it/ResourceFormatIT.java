package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kafkamesos.commons.mesos.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How resources look to a framework, by its capabilities (master.cpp {@code Master::offer}):
 * without MULTI_ROLE no allocation info; without RESERVATION_REFINEMENT the pre-refinement format
 * ({@code role}, {@code reservation}, unreserved as role {@code *}); with it the refined format only
 * ({@code reservations}, no {@code role}). And Mesos' JSON writes 64-bit integers as numbers.
 */
@SuppressWarnings("deprecation") // the pre-refinement fields are what is under test
class ResourceFormatIT {

  private static final String ROLE = "legacy-role";

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(1));

  @Test
  void refinementCapableFrameworksSeeOnlyTheRefinedFormat() {
    TestFramework framework = cluster.framework("modern");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    assertThat(offer.hasAllocationInfo()).isTrue();
    assertThat(offer.getResourcesList()).allSatisfy(r -> {
      assertThat(r.hasRole()).as("deprecated 'role' set on %s", r).isFalse();
      assertThat(r.hasReservation()).isFalse();
      assertThat(r.getReservationsCount()).isZero();
      assertThat(r.getAllocationInfo().getRole()).isEqualTo(framework.role());
    });
  }

  @Test
  void offersToAFrameworkWithoutMultiRoleCarryNoAllocationInfo() {
    // master.cpp Master::offer, MESOS-8237: allocation info is stripped for such frameworks
    TestFramework framework = cluster.framework("single-role",
        b -> b.role(ROLE).multiRole(false).reservationRefinement(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    assertThat(offer.hasAllocationInfo()).as("allocation_info on %s", offer).isFalse();
    assertThat(offer.getResourcesList()).allSatisfy(r -> {
      assertThat(r.hasAllocationInfo()).isFalse();
      assertThat(r.getRole()).isEqualTo("*");
    });
  }

  @Test
  void aFrameworkWithoutMultiRoleCanLaunch() {
    TestFramework framework = cluster.framework("single-role-launcher",
        b -> b.role(ROLE).multiRole(false).reservationRefinement(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("legacy-task", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
  }

  @Test
  void withoutReservationRefinementReservationsUseThePreRefinementFormat() {
    TestFramework framework = cluster.framework("pre-refinement",
        b -> b.role(ROLE).reservationRefinement(false));
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    AgentID agent = offer.getAgentId();
    assertThat(offer.getResourcesList()).allSatisfy(r -> assertThat(r.getRole()).isEqualTo("*"));

    Resource cpus = TestTasks.scalar("cpus", 0.5, offer.getAllocationInfo()).toBuilder()
        .setRole(ROLE)
        .setReservation(Resource.ReservationInfo.newBuilder().setPrincipal(framework.principal()))
        .build();
    framework.accept(List.of(offer.getId()), List.of(TestTasks.reserve(List.of(cpus))), 0.1);

    Offer reserved = framework.awaitOfferMatching(agent,
        o -> o.getResourcesList().stream().anyMatch(r -> ROLE.equals(r.getRole())),
        "an offer with the reserved cpus", TIMEOUT);
    Resource offered = reserved.getResourcesList().stream()
        .filter(r -> ROLE.equals(r.getRole())).findFirst().orElseThrow();
    assertThat(offered.getName()).isEqualTo("cpus");
    assertThat(offered.getScalar().getValue()).isCloseTo(0.5, within(1e-6));
    assertThat(offered.getReservationsCount()).as("refined reservations shown").isZero();
    assertThat(offered.getReservation().getPrincipal()).isEqualTo(framework.principal());
    assertThat(MasterState.reservedFor(cluster.state().agent(agent.getValue()), ROLE))
        .hasValueSatisfying(r -> assertThat(MasterState.quantity(r, "cpus"))
            .isCloseTo(0.5, within(1e-6)));

    framework.accept(List.of(reserved.getId()), List.of(TestTasks.unreserve(List.of(offered))),
        0.1);
    framework.awaitOfferMatching(agent,
        o -> Math.abs(TestTasks.sum(o.getResourcesList(), "cpus") - 2) < 1e-6
            && o.getResourcesList().stream().allMatch(r -> "*".equals(r.getRole())),
        "the agent's cpus unreserved again", TIMEOUT);
  }

  @Test
  void jsonOffersWriteIntegersAsNumbers() throws Exception {
    // stout's JSON::Protobuf writes (u)int64 fields such as Value.Range.begin as JSON numbers
    byte[] body = ContentType.JSON.encode(Calls.subscribe("json-offers", "json-offers-role"));
    try (RawSubscription sub = RawSubscription.open(cluster.masterUrl(), body,
        Map.of("Content-Type", "application/json", "Accept", "application/json"))) {
      assertThat(sub.status()).isEqualTo(200);
      JsonObject offers = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (offers == null && System.nanoTime() < deadline) {
        var record = sub.next(Duration.ofSeconds(5));
        if (record.isPresent()) {
          JsonObject event = JsonParser.parseString(
              new String(record.get(), StandardCharsets.UTF_8)).getAsJsonObject();
          if ("OFFERS".equals(event.get("type").getAsString())) {
            offers = event;
          }
        }
      }
      assertThat(offers).as("an OFFERS event").isNotNull();
      JsonObject offer = offers.getAsJsonObject("offers").getAsJsonArray("offers").get(0)
          .getAsJsonObject();
      JsonElement begin = null;
      for (JsonElement r : offer.getAsJsonArray("resources")) {
        JsonObject resource = r.getAsJsonObject();
        if (resource.has("ranges")) {
          begin = resource.getAsJsonObject("ranges").getAsJsonArray("range").get(0)
              .getAsJsonObject().get("begin");
        }
      }
      assertThat(begin).as("a ports range in %s", offer).isNotNull();
      assertThat(begin.isJsonPrimitive() && begin.getAsJsonPrimitive().isNumber())
          .as("ranges.range.begin written as %s", begin).isTrue();
      // tear the raw framework down
      String id = offers.getAsJsonObject("offers").getAsJsonArray("offers").get(0)
          .getAsJsonObject().getAsJsonObject("framework_id").get("value").getAsString();
      new RawHttp(cluster.masterUrl()).post(Calls.teardown(
              org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(id).build())
              .toByteArray(),
          Map.of("Content-Type", "application/x-protobuf",
              "Mesos-Stream-Id", sub.header("Mesos-Stream-Id").orElseThrow()));
    }
  }
}
