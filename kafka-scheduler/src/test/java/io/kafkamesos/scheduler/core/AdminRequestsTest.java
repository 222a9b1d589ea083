package io.kafkamesos.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.junit.jupiter.api.Test;

class AdminRequestsTest {

  @Test
  void aBrokerLeadsByPreferenceThePartitionsWhoseFirstReplicaItIs() {
    List<PartitionState> partitions = List.of(
        new PartitionState("t", 0, List.of(1, 2), List.of(1, 2), 1),
        new PartitionState("t", 1, List.of(2, 1), List.of(2, 1), 1),
        new PartitionState("u", 0, List.of(1), List.of(), 1));

    assertThat(AdminRequests.preferredLedBy(partitions, 1))
        .containsExactlyInAnyOrder(new TopicPartition("t", 0), new TopicPartition("u", 0));
    assertThat(AdminRequests.preferredLedBy(partitions, 3)).isEmpty();
  }

  @Test
  void anElectionThatWasNotNeededIsNoFailure() {
    Map<TopicPartition, Optional<Throwable>> results = Map.of(
        new TopicPartition("t", 0), Optional.empty(),
        new TopicPartition("t", 1), Optional.of(new ElectionNotNeededException("already")),
        new TopicPartition("t", 2), Optional.of(new PreferredLeaderNotAvailableException("down")));

    assertThat(AdminRequests.notElected(results)).isEqualTo(1);
  }

  @Test
  void clusterDefaultsSetAndDeleteOnTheEmptyBrokerName() {
    Map<ConfigResource, Collection<AlterConfigOp>> request =
        AdminRequests.clusterDefaults(Map.of("log.retention.ms", "1000"), Set.of("num.io.threads"));

    assertThat(request).containsOnlyKeys(new ConfigResource(ConfigResource.Type.BROKER, ""));
    assertThat(request.values().iterator().next())
        .extracting(op -> op.configEntry().name() + " " + op.opType() + " " + op.configEntry().value())
        .containsExactlyInAnyOrder("log.retention.ms SET 1000", "num.io.threads DELETE null");
  }

  @Test
  void movesNameEachPartitionWithItsNewReplicas() {
    var moves = AdminRequests.moves(Map.of("t", Map.of(0, List.of(2, 3), 1, List.of(3, 2))));

    assertThat(moves).hasSize(2);
    assertThat(moves.get(new TopicPartition("t", 1)).orElseThrow().targetReplicas()).containsExactly(3, 2);
  }
}
