package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void failuresWithinTheGracePeriodAreNeitherCountedNorShown() {
    HealthTracker tracker = new HealthTracker(start, Duration.ofSeconds(120), 3);

    for (int i = 0; i < 5; i++) {
      assertThat(tracker.record(false, start.plusSeconds(10 * i)))
          .isEqualTo(HealthTracker.Verdict.KEEP);
    }
    assertThat(tracker.healthy()).isEmpty();
  }

  @Test
  void killsAfterMaxConsecutiveFailuresOnceHealthyEvenWithinTheGracePeriod() {
    HealthTracker tracker = new HealthTracker(start, Duration.ofSeconds(120), 3);
    tracker.record(true, start.plusSeconds(5));

    assertThat(tracker.healthy()).contains(true);
    assertThat(tracker.record(false, start.plusSeconds(10))).isEqualTo(HealthTracker.Verdict.KEEP);
    assertThat(tracker.record(false, start.plusSeconds(20))).isEqualTo(HealthTracker.Verdict.KEEP);
    assertThat(tracker.healthy()).contains(false);
    assertThat(tracker.record(false, start.plusSeconds(30))).isEqualTo(HealthTracker.Verdict.KILL);
  }

  @Test
  void aSuccessResetsTheCountAndZeroMaxNeverKills() {
    HealthTracker tracker = new HealthTracker(start, Duration.ZERO, 2);
    tracker.record(false, start.plusSeconds(1));
    tracker.record(true, start.plusSeconds(2));
    assertThat(tracker.record(false, start.plusSeconds(3))).isEqualTo(HealthTracker.Verdict.KEEP);

    HealthTracker never = new HealthTracker(start, Duration.ZERO, 0);
    for (int i = 0; i < 10; i++) {
      assertThat(never.record(false, start.plusSeconds(i))).isEqualTo(HealthTracker.Verdict.KEEP);
    }
    assertThat(never.consecutiveFailures()).isEqualTo(10);
  }
}
