package io.kafkamesos.scheduler.mesos;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class FrameworkInfoFactoryTest {

  @Test
  void firstSubscriptionRegistersAFrameworkThatSurvivesFailover() {
    Call call = FrameworkInfoFactory.subscribe(settings("FRAMEWORK_NAME", "kafka7", "HOST", "sched.local",
        "PORT0", "31001", "FAILOVER_TIMEOUT_SECONDS", "3600"), "kafka", Optional.empty());
    assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(call.hasFrameworkId()).isFalse();
    FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
    assertThat(info.getName()).isEqualTo("kafka7");
    assertThat(info.getUser()).isEqualTo("kafka");
    assertThat(info.getRolesList()).containsExactly("kafka7-role");
    assertThat(info.hasRole()).isFalse();
    assertThat(info.getPrincipal()).isEqualTo("kafka7-principal");
    assertThat(info.getCheckpoint()).isTrue();
    assertThat(info.getFailoverTimeout()).isEqualTo(3600.0);
    assertThat(info.getWebuiUrl()).isEqualTo("http://sched.local:31001");
    assertThat(info.getCapabilitiesList()).extracting(FrameworkInfo.Capability::getType).contains(
        FrameworkInfo.Capability.Type.MULTI_ROLE, FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
    assertThat(info.hasId()).isFalse();
  }

  @Test
  void reSubscriptionCarriesTheStoredId() {
    Call call = FrameworkInfoFactory.subscribe(settings(), "root", Optional.of("fw-42"));
    assertThat(call.getFrameworkId().getValue()).isEqualTo("fw-42");
    assertThat(call.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo("fw-42");
  }
}
