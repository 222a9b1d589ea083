package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.local.marathon.HealthTracker.Result;
import io.kafkamesos.local.marathon.HealthTracker.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private final Result refused = Result.unhealthy("ConnectException: Connection refused");

  private HealthTracker marathon(long graceSeconds, int max) {
    return new HealthTracker(start, Duration.ofSeconds(graceSeconds), max, false);
  }

  @Test
  void failuresWithinTheGracePeriodAreNeitherCountedNorShown() {
    HealthTracker tracker = marathon(120, 3);

    for (int i = 0; i < 5; i++) {
      assertThat(tracker.record(refused, start.plusSeconds(10 * i))).isEqualTo(Verdict.KEEP);
    }
    assertThat(tracker.health()).isEmpty();
  }

  @Test
  void marathonKillsAtTheFailureAfterMaxConsecutiveFailures() {
    HealthTracker tracker = marathon(60, 3);

    assertThat(tracker.record(refused, start.plusSeconds(61))).isEqualTo(Verdict.KEEP);
    assertThat(tracker.record(refused, start.plusSeconds(62))).isEqualTo(Verdict.KEEP);
    assertThat(tracker.record(refused, start.plusSeconds(63))).isEqualTo(Verdict.KEEP);
    assertThat(tracker.health()).hasValueSatisfying(h -> {
      assertThat(h.alive()).isFalse();
      assertThat(h.consecutiveFailures()).isEqualTo(3);
      assertThat(h.lastFailureCause()).contains("ConnectException: Connection refused");
      assertThat(h.lastFailure()).contains(start.plusSeconds(63));
      assertThat(h.firstSuccess()).isEmpty();
    });
    // HealthCheckActor compares the count before the new failure with maxConsecutiveFailures
    assertThat(tracker.record(refused, start.plusSeconds(64))).isEqualTo(Verdict.KILL);
  }

  @Test
  void onceHealthyTheGracePeriodNoLongerShieldsFailures() {
    HealthTracker tracker = marathon(300, 1);
    tracker.record(Result.HEALTHY, start.plusSeconds(5));

    assertThat(tracker.health()).hasValueSatisfying(h -> {
      assertThat(h.alive()).isTrue();
      assertThat(h.firstSuccess()).contains(start.plusSeconds(5));
    });
    assertThat(tracker.record(refused, start.plusSeconds(10))).isEqualTo(Verdict.KEEP);
    assertThat(tracker.health().orElseThrow().alive()).isFalse();
    assertThat(tracker.record(refused, start.plusSeconds(20))).isEqualTo(Verdict.KILL);
  }

  @Test
  void aSuccessResetsTheCountAndZeroMaxNeverKillsForMarathon() {
    HealthTracker tracker = marathon(0, 2);
    tracker.record(refused, start.plusSeconds(1));
    tracker.record(refused, start.plusSeconds(2));
    tracker.record(Result.HEALTHY, start.plusSeconds(3));
    assertThat(tracker.consecutiveFailures()).isZero();
    assertThat(tracker.health().orElseThrow().firstSuccess()).contains(start.plusSeconds(3));
    assertThat(tracker.record(refused, start.plusSeconds(4))).isEqualTo(Verdict.KEEP);

    HealthTracker never = marathon(0, 0);
    for (int i = 1; i <= 10; i++) {
      assertThat(never.record(refused, start.plusSeconds(i))).isEqualTo(Verdict.KEEP);
    }
    assertThat(never.consecutiveFailures()).isEqualTo(10);
  }

  @Test
  void mesosKillsWhenTheCountReachesMaxAndAtOnceWithZero() {
    HealthTracker tracker = new HealthTracker(start, Duration.ZERO, 2, true);
    assertThat(tracker.record(refused, start.plusSeconds(1))).isEqualTo(Verdict.KEEP);
    assertThat(tracker.record(refused, start.plusSeconds(2))).isEqualTo(Verdict.KILL);

    HealthTracker zero = new HealthTracker(start, Duration.ZERO, 0, true);
    assertThat(zero.record(refused, start.plusSeconds(1))).isEqualTo(Verdict.KILL);
  }

  @Test
  void anIgnoredResultChangesNothing() {
    HealthTracker tracker = marathon(0, 3);
    tracker.record(Result.HEALTHY, start.plusSeconds(1));

    assertThat(tracker.record(Result.IGNORED, start.plusSeconds(2))).isEqualTo(Verdict.KEEP);

    assertThat(tracker.health().orElseThrow().lastSuccess()).contains(start.plusSeconds(1));
    assertThat(tracker.health().orElseThrow().alive()).isTrue();
  }
}
