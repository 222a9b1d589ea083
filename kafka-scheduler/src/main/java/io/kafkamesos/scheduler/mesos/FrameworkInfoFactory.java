package io.kafkamesos.scheduler.mesos;

import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Builds the SUBSCRIBE call: who the framework is, and the id it had if it subscribed before. */
public final class FrameworkInfoFactory {

  private FrameworkInfoFactory() {
  }

  public static FrameworkInfo frameworkInfo(SchedulerSettings settings, String user,
      Optional<String> frameworkId) {
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
        .setName(settings.frameworkName())
        .setUser(user)
        .addRoles(settings.role())
        .setPrincipal(settings.principal())
        .setCheckpoint(true)
        .setFailoverTimeout(settings.failoverTimeout().toSeconds())
        .setWebuiUrl(settings.webUiUrl())
        .addCapabilities(capability(FrameworkInfo.Capability.Type.MULTI_ROLE))
        .addCapabilities(capability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT))
        .addCapabilities(capability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
        // TASK_UNREACHABLE / TASK_GONE instead of TASK_LOST: a lost broker waits for its agent
        .addCapabilities(capability(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    frameworkId.ifPresent(id -> info.setId(FrameworkID.newBuilder().setValue(id)));
    return info.build();
  }

  public static Call subscribe(SchedulerSettings settings, String user, Optional<String> frameworkId) {
    Call.Builder call = Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder()
            .setFrameworkInfo(frameworkInfo(settings, user, frameworkId)));
    frameworkId.ifPresent(id -> call.setFrameworkId(FrameworkID.newBuilder().setValue(id)));
    return call.build();
  }

  private static FrameworkInfo.Capability capability(FrameworkInfo.Capability.Type type) {
    return FrameworkInfo.Capability.newBuilder().setType(type).build();
  }
}
