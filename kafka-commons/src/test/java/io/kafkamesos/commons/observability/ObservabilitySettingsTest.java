package io.kafkamesos.commons.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilitySettingsTest {

  @Test
  void bothTargetsAreOffWithoutTheirHosts() {
    assertThat(ObservabilitySettings.parse(Map.of("SYSLOG_PORT", "1514")))
        .isEqualTo(ObservabilitySettings.NONE);
  }

  @Test
  void hostsSwitchTargetsOnWithDefaults() {
    ObservabilitySettings s = ObservabilitySettings.parse(
        Map.of("SYSLOG_HOST", "logs.example", "STATSD_HOST", "stats.example"));
    assertThat(s.syslog()).contains(new ObservabilitySettings.Syslog("logs.example", 514, "LOCAL0"));
    assertThat(s.statsd()).contains(
        new ObservabilitySettings.Statsd("stats.example", 8125, "kafka", Duration.ofSeconds(10)));
  }

  @Test
  void readsPortsFacilityPrefixAndInterval() {
    ObservabilitySettings s = ObservabilitySettings.parse(Map.of("SYSLOG_HOST", "h",
        "SYSLOG_PORT", "1514", "SYSLOG_FACILITY", "local3", "STATSD_HOST", "s",
        "STATSD_PORT", "9125", "STATSD_PREFIX", "prod", "STATSD_INTERVAL_SECONDS", "2"));
    assertThat(s.syslog()).contains(new ObservabilitySettings.Syslog("h", 1514, "LOCAL3"));
    assertThat(s.statsd()).contains(
        new ObservabilitySettings.Statsd("s", 9125, "prod", Duration.ofSeconds(2)));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> ObservabilitySettings.parse(Map.of("SYSLOG_HOST", "h",
        "SYSLOG_PORT", "70000"))).hasMessageContaining("SYSLOG_PORT");
    assertThatThrownBy(() -> ObservabilitySettings.parse(Map.of("SYSLOG_HOST", "h",
        "SYSLOG_FACILITY", "local9"))).hasMessageContaining("SYSLOG_FACILITY");
    assertThatThrownBy(() -> ObservabilitySettings.parse(Map.of("STATSD_HOST", "h",
        "STATSD_INTERVAL_SECONDS", "0"))).hasMessageContaining("STATSD_INTERVAL_SECONDS");
  }
}
