package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
  void refusesASettingThatWouldNeverBackOff() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
