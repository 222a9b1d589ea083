package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsGeometricallyUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);

    assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterTakesARandomPartOffEachDelay() {
    Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(8), 2.0, 0.5);

    assertThat(backoff.delay(0, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.delay(0, () -> 0.5)).isEqualTo(Duration.ofMillis(750));
    assertThat(backoff.delay(1, () -> 0.999)).isEqualTo(Duration.ofMillis(1001));
    assertThat(backoff.delay(10, () -> 0.25)).isEqualTo(Duration.ofMillis(7000));
  }

  @Test
  void jitteredDelaysStayBetweenTheFloorAndTheFullDelay() {
    Backoff backoff = Backoff.standard();
    Random random = new Random(42);
    long distinct = java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> backoff.delay(3, random::nextDouble))
        .peek(d -> assertThat(d).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000)))
        .distinct().count();

    assertThat(distinct).as("delays are spread, not one value").isGreaterThan(50);
  }

  @Test
  void aCapLowersTheLongestDelayNeverTheFirst() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5);

    Backoff capped = backoff.cappedAt(Duration.ofSeconds(5));
    assertThat(capped).isEqualTo(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 2.0, 0.5));
    assertThat(capped.delay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(capped.delay(10)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.cappedAt(Duration.ofMinutes(1))).isEqualTo(backoff);
    assertThat(backoff.cappedAt(Duration.ofMillis(100)).max()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void withoutJitterTheRandomSourceIsIgnored() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);

    assertThat(backoff.delay(2, () -> 0.9)).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void refusesASettingThatWouldNeverBackOff() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2.0, -0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
