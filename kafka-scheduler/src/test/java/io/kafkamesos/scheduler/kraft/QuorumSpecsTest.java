package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumSpecsTest {

  private static final ClusterLayout LAYOUT = new ClusterLayout(3, 3);
  private final KraftState fresh = new KraftState("cid", QuorumMode.DYNAMIC,
      Map.of(3000, "A", 3001, "B", 3002, "C"), List.of());

  private static BrokerRecord reserved(int id, String volume) {
    return BrokerRecord.pending(NodeKind.CONTROLLER, id, "t", "x")
        .withReservation(new Reservation("a" + id, "h" + id, volume, 1, 1, 1, 31000 + id - 3000));
  }

  @Test
  void aControllerOfANewQuorumReservesThenWaitsForTheOthers() {
    Map<Integer, BrokerRecord> records = new HashMap<>();
    assertThat(QuorumSpecs.next(3000, LAYOUT, fresh, records).outcome())
        .isEqualTo(QuorumSpecs.Outcome.RESERVE);
    records.put(3000, reserved(3000, "v0"));
    QuorumSpecs.Decision waits = QuorumSpecs.next(3000, LAYOUT, fresh, records);
    assertThat(waits.outcome()).isEqualTo(QuorumSpecs.Outcome.WAIT);
    assertThat(waits.reason()).contains("1 of 3 controllers have their resources reserved (not yet:"
        + " 3001, 3002)");
  }

  @Test
  void theFirstLaunchFreezesTheInitialVotersAndAReplacedControllerJoins() {
    Map<Integer, BrokerRecord> records = new HashMap<>(Map.of(3000, reserved(3000, "v0"),
        3001, reserved(3001, "v1"), 3002, reserved(3002, "v2")));
    QuorumSpecs.Decision first = QuorumSpecs.next(3001, LAYOUT, fresh, records);
    assertThat(first.outcome()).isEqualTo(QuorumSpecs.Outcome.LAUNCH);
    assertThat(first.spec().format()).isEqualTo(KraftSpec.Format.INITIAL);
    assertThat(first.spec().initialControllers())
        .isEqualTo("3000@h3000:31000:A,3001@h3001:31001:B,3002@h3002:31002:C");
    assertThat(first.bootstrap()).hasSize(3);

    KraftState bootstrapped = fresh.bootstrappedWith(first.bootstrap());
    QuorumSpecs.Decision again = QuorumSpecs.next(3002, LAYOUT, bootstrapped, records);
    assertThat(again.spec().initialControllers()).isEqualTo(first.spec().initialControllers());
    assertThat(again.bootstrap()).isEmpty();

    // replaced: a new volume elsewhere, so it joins from the others
    records.put(3002, reserved(3002, "v9").withReservation(null));
    QuorumSpecs.Decision join = QuorumSpecs.next(3002, LAYOUT, bootstrapped, records);
    assertThat(join.spec().format()).isEqualTo(KraftSpec.Format.JOIN);
    assertThat(join.spec().bootstrapServers()).isEqualTo("h3000:31000,h3001:31001");
  }

  @Test
  void brokersBootstrapFromTheControllers() {
    Map<Integer, BrokerRecord> records = Map.of(3000, reserved(3000, "v0"), 3001, reserved(3001, "v1"));
    QuorumSpecs.Decision broker = QuorumSpecs.next(0, LAYOUT, fresh, records);
    assertThat(broker.spec().format()).isEqualTo(KraftSpec.Format.PLAIN);
    assertThat(broker.spec().bootstrapServers()).isEqualTo("h3000:31000,h3001:31001");
    KraftState statik = new KraftState("cid", QuorumMode.STATIC, Map.of(), List.of());
    assertThat(QuorumSpecs.next(0, LAYOUT, statik, records).outcome())
        .as("a static quorum's nodes need every voter").isEqualTo(QuorumSpecs.Outcome.WAIT);
  }
}
