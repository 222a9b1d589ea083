package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StopStepTest {

  private static final Duration GRACE = Duration.ofSeconds(60);
  private static final Clock ASKED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
      ZoneOffset.UTC);

  private static StopStep after(Duration elapsed, Startup startup) {
    Clock now = Clock.offset(ASKED, elapsed);
    return StopStep.next(startup, ASKED.instant(), now.instant(), GRACE);
  }

  @Test
  void aStartedBrokerIsTerminatedAtOnce() {
    assertThat(after(Duration.ZERO, Startup.STARTED)).isEqualTo(StopStep.TERMINATE);
  }

  @Test
  void aBrokerShuttingDownAlreadyIsTerminated() {
    assertThat(after(Duration.ZERO, Startup.STOPPING)).isEqualTo(StopStep.TERMINATE);
  }

  @Test
  void aStartingBrokerIsWaitedForWithinTheGracePeriod() {
    assertThat(after(Duration.ZERO, Startup.STARTING)).isEqualTo(StopStep.WAIT_FOR_STARTUP);
    assertThat(after(GRACE.minusMillis(1), Startup.STARTING))
        .isEqualTo(StopStep.WAIT_FOR_STARTUP);
  }

  @Test
  void aBrokerThatFinishesStartingDuringTheWaitIsTerminated() {
    assertThat(after(Duration.ofSeconds(20), Startup.STARTED)).isEqualTo(StopStep.TERMINATE);
    assertThat(after(GRACE.minusMillis(1), Startup.STARTED)).isEqualTo(StopStep.TERMINATE);
  }

  @Test
  void aBrokerStillStartingWhenTheGracePeriodRunsOutIsKilled() {
    assertThat(after(GRACE, Startup.STARTING)).isEqualTo(StopStep.KILL);
    assertThat(after(GRACE.plusSeconds(5), Startup.STARTING)).isEqualTo(StopStep.KILL);
  }

  @Test
  void noGracePeriodMeansNoWait() {
    assertThat(StopStep.next(Startup.STARTING, ASKED.instant(), ASKED.instant(), Duration.ZERO))
        .isEqualTo(StopStep.KILL);
  }
}
