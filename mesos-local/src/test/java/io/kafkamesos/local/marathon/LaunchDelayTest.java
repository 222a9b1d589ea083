package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LaunchDelayTest {

  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private final AppDefinition.Backoff marathons = AppDefinition.Backoff.DEFAULT;
  private final LaunchDelay delay = new LaunchDelay();

  @Test
  void growsByTheFactorWithEveryFailureUpToTheMaximum() {
    AppDefinition.Backoff steep = new AppDefinition.Backoff(Duration.ofSeconds(10), 2.0,
        Duration.ofSeconds(30));

    assertThat(delay.failed(steep, t0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(delay.failed(steep, t0.plusSeconds(11))).isEqualTo(Duration.ofSeconds(20));
    assertThat(delay.failed(steep, t0.plusSeconds(31))).isEqualTo(Duration.ofSeconds(30));
    assertThat(delay.failed(steep, t0.plusSeconds(61))).isEqualTo(Duration.ofSeconds(30));
    // a delay is dropped once its reference is more than the maximum old
    assertThat(delay.failed(steep, t0.plusSeconds(92))).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void marathonsDefaultsAreOneSecondTimesOnePointFifteen() {
    assertThat(delay.failed(marathons, t0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(delay.failed(marathons, t0.plusSeconds(2))).isEqualTo(Duration.ofMillis(1150));
    assertThat(delay.failed(marathons, t0.plusSeconds(4))).isEqualTo(Duration.ofNanos(1322500000));
  }

  @Test
  void aTaskThatRanForTheMaximumDelayFailsAsAFirstFailureAgain() {
    delay.failed(marathons, t0);
    delay.failed(marathons, t0.plusSeconds(2));
    delay.running(marathons, t0.plusSeconds(4));

    assertThat(delay.failed(marathons, t0.plusSeconds(100))).as("ran 96 s")
        .isEqualTo(Duration.ofNanos(1322500000));
    delay.running(marathons, t0.plusSeconds(102));
    assertThat(delay.failed(marathons, t0.plusSeconds(102 + 301))).as("ran 301 s")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aNewVersionStartsWithoutBackoff() {
    delay.failed(marathons, t0);
    delay.failed(marathons, t0.plusSeconds(2));

    delay.reset();

    assertThat(delay.current()).isEmpty();
    assertThat(delay.failed(marathons, t0.plusSeconds(3))).isEqualTo(Duration.ofSeconds(1));
  }
}
