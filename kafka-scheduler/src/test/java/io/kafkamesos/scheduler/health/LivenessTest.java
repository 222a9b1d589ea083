package io.kafkamesos.scheduler.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.scheduler.leader.LeaderInfo;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import io.kafkamesos.scheduler.leader.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration STUCK = Duration.ofMinutes(5);
  private static final LeaderInfo SELF = new LeaderInfo("http://a:1", "http://a:2", "a", 7, "t");

  private static LeadershipStatus status(Phase phase, Instant beat, Instant tick) {
    return new LeadershipStatus("kafka0", phase, NOW.minusSeconds(600), phase + " message", SELF, null,
        beat, tick);
  }

  @Test
  void aStandbyAndAWaitingSchedulerAreAliveWhileTheirThreadRuns() {
    for (Phase phase : new Phase[] {Phase.STANDING_BY, Phase.WAITING_FOR_ZOOKEEPER, Phase.TAKING_OVER}) {
      assertThat(Liveness.judge(status(phase, NOW.minusSeconds(1), null), NOW, STUCK))
          .isEqualTo(new Liveness.Verdict(true, phase + " message"));
      Liveness.Verdict stale = Liveness.judge(status(phase, NOW.minusSeconds(301), null), NOW, STUCK);
      assertThat(stale.live()).isFalse();
      assertThat(stale.message()).isEqualTo("the leadership thread of kafka0 has not run for 301 s ("
          + phase + ")");
    }
  }

  @Test
  void aLeaderIsAliveWhileItsEventLoopTicks() {
    assertThat(Liveness.judge(status(Phase.LEADING, NOW, NOW.minusSeconds(300)), NOW, STUCK).live()).isTrue();
    assertThat(Liveness.judge(status(Phase.SUSPENDED, NOW, NOW.minusSeconds(2)), NOW, STUCK).live()).isTrue();
    Liveness.Verdict stuck = Liveness.judge(status(Phase.LEADING, NOW, NOW.minusSeconds(400)), NOW, STUCK);
    assertThat(stuck).isEqualTo(new Liveness.Verdict(false,
        "the event loop of kafka0 is stuck: its last tick ran 400 s ago"));
  }

  @Test
  void aStartingSchedulerIsAliveForAWhile() {
    LeadershipStatus starting = new LeadershipStatus("kafka0", Phase.STARTING, NOW.minusSeconds(10),
        "starting", SELF, null, NOW, null);
    assertThat(Liveness.judge(starting, NOW, STUCK).live()).isTrue();
    assertThat(Liveness.judge(starting, NOW.plusSeconds(300), STUCK))
        .isEqualTo(new Liveness.Verdict(false, "the scheduler of kafka0 has not entered its election "
            + "310 s after it started"));
  }

  @Test
  void aLeavingOrStoppedSchedulerIsNotAlive() {
    assertThat(Liveness.judge(status(Phase.LEAVING, NOW, NOW), NOW, STUCK))
        .isEqualTo(new Liveness.Verdict(false, "LEAVING message"));
    assertThat(Liveness.judge(status(Phase.STOPPED, NOW, NOW), NOW, STUCK).live()).isFalse();
  }
}
