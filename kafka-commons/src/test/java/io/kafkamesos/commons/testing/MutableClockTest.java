package io.kafkamesos.commons.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void standsStillUntilAdvanced() {
    MutableClock clock = new MutableClock(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START);
    clock.advance(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
    assertThat(clock.millis()).isEqualTo(START.plusSeconds(90).toEpochMilli());
  }

  @Test
  void aSteppingClockMovesAtEveryReading() {
    MutableClock clock = MutableClock.stepping(START, Duration.ofSeconds(1));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(1));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(2));
    clock.advance(Duration.ofSeconds(10));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(13));
  }

  @Test
  void neverGoesBack() {
    MutableClock clock = new MutableClock(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MutableClock.stepping(START, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(START);
  }
}
