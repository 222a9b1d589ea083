package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class CallValidationTest {

  private static final FrameworkID ID = FrameworkID.newBuilder().setValue("fw-1").build();

  private static FrameworkInfo.Builder info() {
    return FrameworkInfo.newBuilder().setUser("u").setName("n");
  }

  @Test
  void requiresATypeAndAFrameworkId() {
    assertThat(CallValidation.validate(Call.getDefaultInstance()))
        .contains("Expecting 'type' to be present");
    assertThat(CallValidation.validate(Call.newBuilder().setType(Call.Type.REVIVE).build()))
        .contains("Expecting 'framework_id' to be present");
  }

  @Test
  void requiresTheCallsOwnMessage() {
    assertThat(CallValidation.validate(Call.newBuilder().setType(Call.Type.ACCEPT)
        .setFrameworkId(ID).build())).contains("Expecting 'accept' to be present");
    assertThat(CallValidation.validate(Call.newBuilder().setType(Call.Type.KILL)
        .setFrameworkId(ID).build())).contains("Expecting 'kill' to be present");
  }

  @Test
  void checksTheSubscribeFrameworkIdAgainstTheCall() {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(ID)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info())).build();
    assertThat(CallValidation.validate(call))
        .contains("'framework_id' differs from 'subscribe.framework_info.id'");
    Call ok = call.toBuilder().setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(info().setId(ID))).build();
    assertThat(CallValidation.validate(ok)).isEmpty();
  }

  @Test
  void refusesAcknowledgementsWithoutAUuid() {
    Call call = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(ID)
        .setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
            .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t"))
            .setUuid(ByteString.copyFromUtf8("short"))).build();
    assertThat(CallValidation.validate(call)).contains("Not a valid UUID");
  }

  @Test
  void validatesFrameworkRoles() {
    assertThat(CallValidation.validateFramework(info().setRole("a b").build()).orElseThrow())
        .startsWith("'FrameworkInfo.role' is not a valid role: ");
    FrameworkInfo multi = info().addRoles("x").addRoles("x")
        .addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.MULTI_ROLE)).build();
    assertThat(CallValidation.validateFramework(multi).orElseThrow())
        .startsWith("'FrameworkInfo.roles' contains duplicate items");
    assertThat(CallValidation.validateFramework(info().addRoles("x").build()))
        .contains("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE"
            + " capable");
    assertThat(CallValidation.validateFramework(info().setRole("kafka").build())).isEmpty();
  }

  @Test
  void refusesAnUnrepresentableFailoverTimeout() {
    assertThat(CallValidation.validateFramework(info().setFailoverTimeout(1e300).build()))
        .hasValueSatisfying(e -> assertThat(e).contains("failover_timeout"));
  }
}
