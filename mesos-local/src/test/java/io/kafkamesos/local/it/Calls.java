package io.kafkamesos.local.it;

import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Scheduler calls that tests send by hand. */
public final class Calls {

  private Calls() {
  }

  public static FrameworkInfo.Builder frameworkInfo(String name, String role) {
    return FrameworkInfo.newBuilder()
        .setUser(System.getProperty("user.name", "root"))
        .setName(name)
        .addRoles(role)
        .setFailoverTimeout(300)
        .addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
  }

  public static Call subscribe(String name, String role) {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(frameworkInfo(name, role)))
        .build();
  }

  /** A SUBSCRIBE as the existing framework (failover); the principal may not change. */
  public static Call resubscribe(String name, String role, String principal, FrameworkID id) {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(id)
        .setSubscribe(Call.Subscribe.newBuilder()
            .setFrameworkInfo(frameworkInfo(name, role).setPrincipal(principal).setId(id)))
        .build();
  }

  public static Call revive(FrameworkID id) {
    return Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(id).build();
  }

  public static Call teardown(FrameworkID id) {
    return Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(id).build();
  }
}
