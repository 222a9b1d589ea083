package io.kafkamesos.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.kraft.ClusterLayout;
import io.kafkamesos.scheduler.kraft.QuorumView;
import io.kafkamesos.scheduler.kraft.QuorumWatch;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumProblemsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ClusterLayout LAYOUT = new ClusterLayout(3, 3);

  private static BrokerRecord controller(int id, BrokerState state) {
    return BrokerRecord.pending(NodeKind.CONTROLLER, id, "t", "x")
        .launched("controller-" + id + "__t", "a", "h" + id, 31000, null, "c", "1")
        .withStatus(state, "TASK_" + state, 1);
  }

  private static Map<Integer, BrokerRecord> all(BrokerState state) {
    Map<Integer, BrokerRecord> records = new HashMap<>();
    for (int id : LAYOUT.controllerIds()) {
      records.put(id, controller(id, state));
    }
    return records;
  }

  private static QuorumWatch.Snapshot quorum(int leader, long... ends) {
    List<QuorumView.Replica> voters = new java.util.ArrayList<>();
    for (int i = 0; i < ends.length; i++) {
      voters.add(new QuorumView.Replica(3000 + i, "d" + i, ends[i], NOW.toEpochMilli(),
          NOW.toEpochMilli()));
    }
    return new QuorumWatch.Snapshot(new QuorumView(leader, 4, 500, voters, List.of()), null, NOW);
  }

  @Test
  void healthyWhenEveryControllerRunsAndEveryVoterIsCaughtUp() {
    QuorumProblems.Outcome o = QuorumProblems.of(quorum(3000, 500, 500, 499), LAYOUT,
        all(BrokerState.RUNNING), NOW);
    assertThat(o.severity()).isEqualTo(Severity.HEALTHY);
    assertThat(o.message()).isEqualTo("quorum of 3 voters [3000, 3001, 3002], leader 3000 (epoch 4),"
        + " every voter caught up (most behind: 1 records)");
  }

  @Test
  void aControllerDownIsAnErrorAndALaggingVoterAWarning() {
    Map<Integer, BrokerRecord> records = all(BrokerState.RUNNING);
    records.put(3002, controller(3002, BrokerState.FAILED));
    QuorumProblems.Outcome down = QuorumProblems.of(quorum(3000, 500, 500, 500), LAYOUT, records, NOW);
    assertThat(down.severity()).isEqualTo(Severity.ERROR);
    assertThat(down.message()).startsWith("controller 3002 is FAILED on h3002");

    QuorumProblems.Outcome lag = QuorumProblems.of(quorum(3000, 5000, 5000, 10), LAYOUT,
        all(BrokerState.RUNNING), NOW);
    assertThat(lag.severity()).isEqualTo(Severity.WARNING);
    assertThat(lag.message()).isEqualTo("voter 3002 is behind the leader 3000 by 4990 records");
  }

  @Test
  void noLeaderOrNoAnswerIsAnError() {
    assertThat(QuorumProblems.of(quorum(-1, 1, 1, 1), LAYOUT, all(BrokerState.RUNNING), NOW).message())
        .startsWith("the controller quorum has no leader");
    QuorumProblems.Outcome none = QuorumProblems.of(new QuorumWatch.Snapshot(null,
        "no answer within 8 s", NOW), LAYOUT, all(BrokerState.RUNNING), NOW);
    assertThat(none.severity()).isEqualTo(Severity.ERROR);
    assertThat(none.message()).isEqualTo("the controller quorum cannot be described: no answer within 8 s");
  }
}
