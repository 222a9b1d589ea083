package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemovalRuleTest {

  private static PartitionState p(String topic, int partition, Integer... replicas) {
    return new PartitionState(topic, partition, List.of(replicas), List.of(replicas), 1);
  }

  @Test
  void refusedWhenTheRemainingBrokersCannotHoldATopicsReplicationFactor() {
    List<PartitionState> partitions = List.of(p("a", 0, 0, 1), p("b", 0, 0, 1, 2));
    assertThat(RemovalRule.refusal(2, null, Set.of(0, 1, 2), partitions, -1))
        .hasValueSatisfying(m -> assertThat(m)
            .contains("topic b has replication factor 3 but only 2 brokers [0, 1] would remain"));
  }

  @Test
  void allowedWhenEveryTopicStillFits() {
    List<PartitionState> partitions = List.of(p("a", 0, 0, 1), p("b", 0, 1, 2));
    assertThat(RemovalRule.refusal(2, null, Set.of(0, 1, 2), partitions, -1)).isEmpty();
    assertThat(RemovalRule.refusal(3, null, Set.of(0, 1, 2, 3), List.of(p("c", 0, 0, 1, 3)), -1)).isEmpty();
  }

  @Test
  void oneRemovalAtATimeAndNeverTheLastBroker() {
    assertThat(RemovalRule.refusal(1, null, Set.of(0, 1, 2), List.of(), 0))
        .hasValueSatisfying(m -> assertThat(m).contains("broker 0 is being removed"));
    assertThat(RemovalRule.refusal(0, null, Set.of(0), List.of(), -1))
        .hasValueSatisfying(m -> assertThat(m).contains("last broker"));
    BrokerRecord removing = new BrokerRecord(1, BrokerState.REMOVING, null, null, null, null, 0, null, null,
        null, null, null, 0, 0, 0);
    assertThat(RemovalRule.refusal(1, removing, Set.of(0, 1, 2), List.of(p("x", 0, 0, 1, 2)), 1)).isEmpty();
  }

  @Test
  void movesEachReplicaToTheLeastLoadedBrokerWithoutIt() {
    List<PartitionState> partitions = List.of(p("t", 0, 3, 0), p("t", 1, 1, 3), p("t", 2, 2, 0),
        p("u", 0, 0, 1));
    var moves = RemovalRule.moveOff(3, Set.of(0, 1, 2), partitions);
    assertThat(moves).hasSize(2);
    // loads before: 0 -> 3, 1 -> 2, 2 -> 1; t-0 has 0, so 2 (least) takes it, keeping 3's place first
    assertThat(moves.get(partitions.get(0))).containsExactly(2, 0);
    // now 1 -> 2, 2 -> 2; t-1 has 1, so 2 takes it
    assertThat(moves.get(partitions.get(1))).containsExactly(1, 2);
    assertThat(moves.values()).allSatisfy(r -> assertThat(r).doesNotContain(3).doesNotHaveDuplicates());
    assertThat(RemovalRule.replicasOn(3, partitions)).isEqualTo(2);
    assertThat(RemovalRule.replicasOn(2, partitions)).isEqualTo(1);
  }
}
