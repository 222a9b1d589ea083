package io.kafkamesos.scheduler.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {

  @Test
  void defaultsWaitTenMinutesAndNeverReplaceAlone() {
    FaultSettings s = FaultSettings.parse(Map.of());
    assertThat(s.lostGrace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.autoReplace()).isEmpty();
    assertThat(FaultSettings.parse(Map.of("BROKER_AUTO_REPLACE_SECONDS", "0")).autoReplace()).isEmpty();
  }

  @Test
  void readsBothVariables() {
    FaultSettings s = FaultSettings.parse(Map.of("BROKER_LOST_GRACE_SECONDS", "30",
        "BROKER_AUTO_REPLACE_SECONDS", "3600"));
    assertThat(s.lostGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.autoReplace()).contains(Duration.ofHours(1));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> FaultSettings.parse(Map.of("BROKER_LOST_GRACE_SECONDS", "soon")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("BROKER_LOST_GRACE_SECONDS=soon");
    assertThatThrownBy(() -> FaultSettings.parse(Map.of("BROKER_LOST_GRACE_SECONDS", "0")))
        .isInstanceOf(InvalidSettingException.class);
    assertThatThrownBy(() -> FaultSettings.parse(Map.of("BROKER_LOST_GRACE_SECONDS", "600",
        "BROKER_AUTO_REPLACE_SECONDS", "60")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("at least BROKER_LOST_GRACE_SECONDS");
  }
}
