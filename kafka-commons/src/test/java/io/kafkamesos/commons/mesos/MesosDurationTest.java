package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MesosDurationTest {

  @Test
  void readsTheUnitsAnAgentWrites() {
    assertThat(MesosDuration.parse("15mins")).isEqualTo(Duration.ofMinutes(15));
    assertThat(MesosDuration.parse("5secs")).isEqualTo(Duration.ofSeconds(5));
    assertThat(MesosDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(MesosDuration.parse("2hrs")).isEqualTo(Duration.ofHours(2));
    assertThat(MesosDuration.parse("1weeks")).isEqualTo(Duration.ofDays(7));
    assertThat(MesosDuration.parse("3days")).isEqualTo(Duration.ofDays(3));
    assertThat(MesosDuration.parse("10us")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(MesosDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
  }

  @Test
  void readsFractions() {
    assertThat(MesosDuration.parse("1.5secs")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void refusesANumberWithoutAUnit() {
    assertThatThrownBy(() -> MesosDuration.parse("60"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'60' is not a duration")
        .hasMessageContaining("secs");
  }

  @Test
  void refusesUnknownUnits() {
    assertThatThrownBy(() -> MesosDuration.parse("5s")).isInstanceOf(IllegalArgumentException.class);
  }

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

  @Test
  void readsBackWhatItPrints() {
    for (Duration d : new Duration[] {Duration.ofMillis(2500), Duration.ofSeconds(90),
        Duration.ofMinutes(15), Duration.ofNanos(7), Duration.ofDays(14)}) {
      assertThat(MesosDuration.parse(MesosDuration.format(d))).isEqualTo(d);
    }
  }
}
