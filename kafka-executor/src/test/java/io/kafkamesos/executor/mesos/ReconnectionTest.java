package io.kafkamesos.executor.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconnectionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Reconnection checkpointing() {
    return new Reconnection(true, Duration.ofMinutes(15), Duration.ofMinutes(2), T0);
  }

  @Test
  void givesUpOnAnAgentThatNeverAnswersAfterTheStartupLimit() {
    Reconnection r = checkpointing();
    r.disconnected(T0.plusSeconds(1));

    assertThat(r.giveUp(T0.plusSeconds(119))).isEmpty();
    assertThat(r.giveUp(T0.plusSeconds(120))).hasValueSatisfying(reason ->
        assertThat(reason).contains("could not subscribe"));
  }

  @Test
  void aCheckpointingExecutorWaitsForTheRecoveryTimeoutFromTheFirstFailure() {
    Reconnection r = checkpointing();
    r.subscribed();
    r.disconnected(T0.plusSeconds(10));
    r.disconnected(T0.plusSeconds(100));

    assertThat(r.giveUp(T0.plusSeconds(10).plus(Duration.ofMinutes(15)).minusMillis(1))).isEmpty();
    assertThat(r.giveUp(T0.plusSeconds(10).plus(Duration.ofMinutes(15))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("recovery timeout of 900 s"));
  }

  @Test
  void aNewSubscriptionStopsTheRecoveryClock() {
    Reconnection r = checkpointing();
    r.subscribed();
    r.disconnected(T0);
    r.subscribed();

    assertThat(r.giveUp(T0.plus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void withoutCheckpointingTheFirstDisconnectionEndsIt() {
    Reconnection r = new Reconnection(false, Duration.ZERO, Duration.ofMinutes(2), T0);
    r.subscribed();
    assertThat(r.giveUp(T0.plusSeconds(5))).isEmpty();

    r.disconnected(T0.plusSeconds(5));

    assertThat(r.giveUp(T0.plusSeconds(5))).hasValueSatisfying(reason ->
        assertThat(reason).contains("does not checkpoint"));
  }
}
