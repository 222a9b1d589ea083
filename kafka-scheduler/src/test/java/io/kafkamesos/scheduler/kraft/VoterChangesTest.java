package io.kafkamesos.scheduler.kraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.Voter;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoterChangesTest {

  private static final ClusterLayout LAYOUT = new ClusterLayout(3, 3);

  private static QuorumView.Replica replica(int id, String dir) {
    return new QuorumView.Replica(id, dir, 100, 1, 1);
  }

  private static BrokerRecord running(int id, String host) {
    return BrokerRecord.pending(NodeKind.CONTROLLER, id, "t", "x")
        .launched("controller-" + id + "__t", "a", host, 31000,
            new Reservation("a", host, "vol-" + id, 1, 1, 1, 31000), "c", "1")
        .withStatus(BrokerState.RUNNING, "TASK_RUNNING", 1);
  }

  @Test
  void nothingChangesWhileEveryControllerIsTheVoterItWas() {
    QuorumView view = new QuorumView(3000, 1, 100, List.of(replica(3000, "A"), replica(3001, "B"),
        replica(3002, "C")), List.of(replica(0, "b0")));
    assertThat(VoterChanges.next(view, LAYOUT, Map.of(3000, running(3000, "h0"),
        3001, running(3001, "h1"), 3002, running(3002, "h2")))).isEmpty();
  }

  @Test
  void aReplacedControllersOldSelfLeavesTheVotersThenItsNewOneJoins() {
    Map<Integer, BrokerRecord> records = Map.of(3000, running(3000, "h0"), 3001, running(3001, "h1"),
        3002, running(3002, "h9"));
    // the old replica C is gone with its agent (its last fetch long ago); the new one D fetches
    QuorumView before = new QuorumView(3000, 1, 100, List.of(replica(3000, "A"), replica(3001, "B"),
        new QuorumView.Replica(3002, "C", 90, 1_000, 1_000)),
        List.of(new QuorumView.Replica(3002, "D", 100, 9_000, 9_000)));
    VoterChanges.Change remove = VoterChanges.next(before, LAYOUT, records).orElseThrow();
    assertThat(remove.kind()).isEqualTo(VoterChanges.Kind.REMOVE);
    assertThat(remove.nodeId()).isEqualTo(3002);
    assertThat(remove.directoryId()).isEqualTo("C");

    QuorumView after = new QuorumView(3000, 1, 100, List.of(replica(3000, "A"), replica(3001, "B")),
        List.of(replica(3002, "D")));
    VoterChanges.Change add = VoterChanges.next(after, LAYOUT, records).orElseThrow();
    assertThat(add.kind()).isEqualTo(VoterChanges.Kind.ADD);
    assertThat(add.directoryId()).isEqualTo("D");
    assertThat(add.endpoint()).isEqualTo(new Voter(3002, "h9", 31000));
  }

  @Test
  void theRemovedOldReplicaStillListedAsAnObserverIsNotAddedBack() {
    Map<Integer, BrokerRecord> records = Map.of(3000, running(3000, "h0"), 3001, running(3001, "h1"),
        3002, running(3002, "h9"));
    // after the REMOVE, the leader still lists the old replica C (dead: its last fetch long ago)
    // beside the new one D, the old first
    QuorumView after = new QuorumView(3000, 1, 100, List.of(replica(3000, "A"), replica(3001, "B")),
        List.of(new QuorumView.Replica(3002, "C", 90, 1_000, 1_000),
            new QuorumView.Replica(3002, "D", 100, 9_000, 9_000)));
    VoterChanges.Change add = VoterChanges.next(after, LAYOUT, records).orElseThrow();
    assertThat(add.kind()).isEqualTo(VoterChanges.Kind.ADD);
    assertThat(add.directoryId()).as("the replica that fetches, not the removed one").isEqualTo("D");

    QuorumView done = new QuorumView(3000, 1, 100, List.of(replica(3000, "A"), replica(3001, "B"),
        new QuorumView.Replica(3002, "D", 100, 9_500, 9_500)),
        List.of(new QuorumView.Replica(3002, "C", 90, 1_000, 1_000)));
    assertThat(VoterChanges.next(done, LAYOUT, records)).as("D is the voter: nothing more to change")
        .isEmpty();
  }

  @Test
  void aJoinerThatDoesNotRunYetOrAStaticQuorumChangesNothing() {
    QuorumView joining = new QuorumView(3000, 1, 100, List.of(replica(3000, "A"), replica(3001, "B")),
        List.of(replica(3002, "D")));
    BrokerRecord staging = running(3002, "h9").withState(BrokerState.STAGING);
    assertThat(VoterChanges.next(joining, LAYOUT, Map.of(3002, staging))).isEmpty();

    QuorumView statik = new QuorumView(3000, 1, 100, List.of(replica(3000, null), replica(3001, null),
        replica(3002, null)), List.of(replica(3002, "D")));
    assertThat(VoterChanges.next(statik, LAYOUT, Map.of(3002, running(3002, "h2")))).isEmpty();
  }
}
