package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class AllocatorTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Resource reserved(String role, double cpus) {
    return Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(cpus))
        .addReservations(Resource.ReservationInfo.newBuilder()
            .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole(role)).build();
  }

  @Test
  void offersUnreservedAndOwnReservationsButNotOthers() {
    Resources available = Resources.parse("cpus:2;mem:100")
        .plus(Resources.of(reserved("a", 1))).plus(Resources.of(reserved("b", 1)));
    List<Allocator.Allocation> out = Allocator.allocate(
        List.of(new Allocator.AgentSlot("agent", available)),
        List.of(new Allocator.Candidate("fw", List.of("a"), Map.of())), NOW, 0);
    assertThat(out).hasSize(1);
    Resources offered = out.get(0).resources();
    assertThat(offered.scalar("cpus")).contains(3.0);
    assertThat(offered.reservedFor("b").isEmpty()).isTrue();
  }

  @Test
  void neverOffersTheSameResourcesTwice() {
    List<Allocator.Allocation> out = Allocator.allocate(
        List.of(new Allocator.AgentSlot("agent", Resources.parse("cpus:2"))),
        List.of(new Allocator.Candidate("fw1", List.of("*"), Map.of()),
            new Allocator.Candidate("fw2", List.of("*"), Map.of())), NOW, 0);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).frameworkId()).isEqualTo("fw1");
    List<Allocator.Allocation> next = Allocator.allocate(
        List.of(new Allocator.AgentSlot("agent", Resources.parse("cpus:2"))),
        List.of(new Allocator.Candidate("fw1", List.of("*"), Map.of()),
            new Allocator.Candidate("fw2", List.of("*"), Map.of())), NOW, 1);
    assertThat(next.get(0).frameworkId()).isEqualTo("fw2");
  }

  @Test
  void respectsFiltersUntilTheyExpireOrMoreIsAvailable() {
    OfferFilter filter = new OfferFilter(Resources.parse("cpus:2"), NOW.plusSeconds(5));
    Allocator.Candidate fw = new Allocator.Candidate("fw", List.of("*"),
        Map.of("agent", filter));
    assertThat(Allocator.allocate(List.of(new Allocator.AgentSlot("agent",
        Resources.parse("cpus:2"))), List.of(fw), NOW, 0)).isEmpty();
    assertThat(Allocator.allocate(List.of(new Allocator.AgentSlot("agent",
        Resources.parse("cpus:3"))), List.of(fw), NOW, 0)).hasSize(1);
    assertThat(Allocator.allocate(List.of(new Allocator.AgentSlot("agent",
        Resources.parse("cpus:2"))), List.of(fw), NOW.plusSeconds(6), 0)).hasSize(1);
  }
}
