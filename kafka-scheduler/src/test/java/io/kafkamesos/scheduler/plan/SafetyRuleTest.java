package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyRuleTest {

  @Test
  void allowsABrokerWhenEveryPartitionKeepsItsMinimumInSync() {
    ClusterView view = FakeCluster.brokers(3)
        .partition("orders", 0, 2, 0, 1, 2)
        .partition("orders", 1, 2, 1, 2, 0)
        .view();
    assertThat(SafetyRule.canRestart(0, view)).isEqualTo(Verdict.allow());
  }

  @Test
  void refusesABrokerWhoseRestartWouldDropAPartitionBelowMinInsync() {
    ClusterView view = FakeCluster.brokers(3)
        .partition("orders", 0, 2, List.of(0, 1, 2), List.of(0, 1))
        .view();
    Verdict verdict = SafetyRule.canRestart(1, view);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo("broker 1 waits: restarting it would leave orders-0"
        + " (ISR [0, 1], min.insync.replicas=2) below min.insync.replicas");
  }

  @Test
  void refusesABrokerThatIsNotInEveryIsrItBelongsTo() {
    ClusterView view = FakeCluster.brokers(3)
        .partition("orders", 0, 1, List.of(0, 1, 2), List.of(0, 1))
        .view();
    Verdict verdict = SafetyRule.canRestart(2, view);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).contains("not yet in the ISR of orders-0").contains("catching up");
  }

  @Test
  void refusesWhileAnotherBrokerIsDown() {
    ClusterView view = FakeCluster.brokers(3).down(2).partition("t", 0, 1, 0, 1).view();
    Verdict verdict = SafetyRule.canRestart(0, view);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).contains("broker 2 not registered").contains("one broker");
  }

  @Test
  void refusesABrokerThatIsNotRegisteredItself() {
    Verdict verdict = SafetyRule.canRestart(1, FakeCluster.brokers(3).down(1).view());
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).contains("broker 1 waits: it is not registered");
  }

  @Test
  void aPartitionThatCanNeverStayWritableDoesNotBlockTheRoll() {
    // one replica, min.insync 1: no restart of broker 0 keeps it writable
    ClusterView view = FakeCluster.brokers(2).partition("single", 0, 1, 0).view();
    assertThat(SafetyRule.canRestart(0, view).allowed()).isTrue();
  }

  @Test
  void aBrokerOutsideAPartitionIsNotConcernedByIt() {
    ClusterView view = FakeCluster.brokers(4)
        .partition("orders", 0, 2, List.of(0, 1, 2), List.of(0, 1))
        .partition("other", 0, 2, 0, 1, 3)
        .view();
    assertThat(SafetyRule.canRestart(3, view).allowed()).isTrue();
  }

  @Test
  void namesAtMostThreePartitionsAndCountsTheRest() {
    FakeCluster c = FakeCluster.brokers(2);
    for (int p = 0; p < 5; p++) {
      c.partition("t", p, 2, List.of(0, 1, 2), List.of(0, 1));
    }
    assertThat(SafetyRule.canRestart(0, c.view()).reason()).contains("t-2 (ISR").contains("and 2 more");
  }
}
