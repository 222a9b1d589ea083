package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.kafkamesos.commons.observability.ObservabilitySettings;

class ObservabilitySettingsTest {

  @Test
  void targetsAreOffWithoutHostsAndOnWithDefaults() {
    assertThat(ObservabilitySettings.parse(Map.of())).isEqualTo(ObservabilitySettings.NONE);
    ObservabilitySettings s = ObservabilitySettings.parse(Map.of("SYSLOG_HOST", "l",
        "STATSD_HOST", "s", "STATSD_PREFIX", "prod"));
    assertThat(s.syslog()).contains(new ObservabilitySettings.Syslog("l", 514, "LOCAL0"));
    assertThat(s.statsd()).contains(
        new ObservabilitySettings.Statsd("s", 8125, "prod", Duration.ofSeconds(10)));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> ObservabilitySettings.parse(Map.of("STATSD_HOST", "s",
        "STATSD_PORT", "x"))).hasMessageStartingWith("STATSD_PORT must be a port");
    assertThatThrownBy(() -> ObservabilitySettings.parse(Map.of("SYSLOG_HOST", "s",
        "SYSLOG_FACILITY", "mars"))).hasMessageStartingWith("SYSLOG_FACILITY must be one of");
  }

  @Test
  void executorsGetOnlyTheVariablesThatAreSet() {
    assertThat(ObservabilitySettings.executorEnvironment(Map.of("SYSLOG_HOST", "l",
        "STATSD_PORT", "9", "PATH", "/bin", "STATSD_PREFIX", " "))).isEqualTo(
        Map.of("SYSLOG_HOST", "l", "STATSD_PORT", "9"));
  }

  @Test
  void configLookupSwitchesSyslogByItsHost() {
    assertThat(new ConfigLookup(Map.of()).lookup("SYSLOG_THRESHOLD")).isEqualTo("OFF");
    assertThat(new ConfigLookup(Map.of("SYSLOG_HOST", "h")).lookup("SYSLOG_THRESHOLD"))
        .isEqualTo("ALL");
    assertThat(new ConfigLookup(Map.of("SYSLOG_HOST", "h", "SYSLOG_LEVEL", "warn"))
        .lookup("SYSLOG_THRESHOLD")).isEqualTo("WARN");
    assertThat(new ConfigLookup(Map.of("PORT0", "9")).lookup("PORT0")).isEqualTo("9");
    assertThat(ConfigLookup.substitutor(Map.of("SYSLOG_HOST", "h"))
        .replace("t: ${SYSLOG_THRESHOLD} p: ${PORT0:-8080} h: ${SYSLOG_HOST:-localhost}"))
        .isEqualTo("t: ALL p: 8080 h: h");
  }
}
