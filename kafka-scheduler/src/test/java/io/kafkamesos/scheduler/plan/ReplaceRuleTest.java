package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.Reservation;
import org.junit.jupiter.api.Test;

class ReplaceRuleTest {

  private static final Reservation VOLUME = new Reservation("a1", "host1", "v1", 1, 640, 1000, 31000);

  private static BrokerRecord in(BrokerState state) {
    return new BrokerRecord(1, state, "broker-1__x", null, "a1", "host1", 31000, VOLUME, "c", null, null,
        null, 0, 0, 0);
  }

  @Test
  void aHealthyBrokerNeedsForceBecauseItsDataIsThrownAway() {
    assertThat(ReplaceRule.refusal(1, in(BrokerState.RUNNING), false))
        .hasValueSatisfying(m -> assertThat(m).contains("throws its data away").contains("volume v1")
            .contains("?force=true"));
    assertThat(ReplaceRule.refusal(1, in(BrokerState.RUNNING), true)).isEmpty();
    assertThat(ReplaceRule.refusal(1, in(BrokerState.STAGING), false)).isPresent();
  }

  @Test
  void aLostOrFailedBrokerIsReplacedWithoutForce() {
    assertThat(ReplaceRule.refusal(1, in(BrokerState.LOST), false)).isEmpty();
    assertThat(ReplaceRule.refusal(1, in(BrokerState.FAILED), false)).isEmpty();
    assertThat(ReplaceRule.refusal(1, in(BrokerState.PENDING), false)).isEmpty();
    assertThat(ReplaceRule.refusal(1, null, false)).isEmpty();
  }

  @Test
  void aBrokerLeavingTheClusterIsNotReplaced() {
    assertThat(ReplaceRule.refusal(1, in(BrokerState.REMOVING), true)).isPresent();
    assertThat(ReplaceRule.refusal(1, in(BrokerState.REMOVED), true)).isPresent();
  }
}
