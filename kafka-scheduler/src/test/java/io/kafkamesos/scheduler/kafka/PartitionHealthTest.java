package io.kafkamesos.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionHealthTest {

    private static final PartitionStatus HEALTHY = new PartitionStatus("a", 0, List.of(0, 1, 2), 0, List.of(0, 1, 2));
    private static final PartitionStatus SHRUNK = new PartitionStatus("b", 1, List.of(1, 2, 0), 1, List.of(1, 0));
    private static final PartitionStatus LEADERLESS = new PartitionStatus("b", 0, List.of(2), -1, List.of(2));
    private static final PartitionStatus DEAD_LEADER = new PartitionStatus("a", 3, List.of(2), 2, List.of(2));

    @Test
    void underReplicatedMeansFewerInSyncReplicasThanAssigned() {
        assertThat(PartitionHealth.underReplicated(List.of(HEALTHY, SHRUNK, LEADERLESS))).containsExactly(SHRUNK);
    }

    @Test
    void unavailableMeansNoLeaderOrALeaderThatIsNotLive() {
        assertThat(PartitionHealth.unavailable(List.of(LEADERLESS, HEALTHY, SHRUNK, DEAD_LEADER), Set.of(0, 1)))
                .containsExactly(DEAD_LEADER, LEADERLESS);
        assertThat(PartitionHealth.unavailable(List.of(HEALTHY, DEAD_LEADER), Set.of(0, 1, 2))).isEmpty();
    }

    @Test
    void printsOneToolStyleLinePerPartition() {
        assertThat(PartitionHealth.describe(List.of(SHRUNK, LEADERLESS))).isEqualTo(
                "\tTopic: b\tPartition: 1\tLeader: 1\tReplicas: 1,2,0\tIsr: 1,0\n"
                        + "\tTopic: b\tPartition: 0\tLeader: none\tReplicas: 2\tIsr: 2\n");
        assertThat(PartitionHealth.describe(List.of())).isEmpty();
    }
}
