package io.kafkamesos.local.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MesosDurationTest {

  @Test
  void printsDurationsAsMesosDoes() {
    assertThat(MesosDuration.format(Duration.ofSeconds(5))).isEqualTo("5secs");
    assertThat(MesosDuration.format(Duration.ofMinutes(1))).isEqualTo("1mins");
    assertThat(MesosDuration.format(Duration.ofMinutes(15))).isEqualTo("15mins");
    assertThat(MesosDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(MesosDuration.format(Duration.ofMillis(2500))).isEqualTo("2500ms");
    assertThat(MesosDuration.format(Duration.ofSeconds(90))).isEqualTo("90secs");
    assertThat(MesosDuration.format(Duration.ofHours(2))).isEqualTo("2hrs");
  }
}
