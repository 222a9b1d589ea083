package io.kafkamesos.local.master;

import io.kafkamesos.local.MesosLocalConfig;
import io.kafkamesos.local.actor.EventLoop;
import java.time.Clock;
import java.util.UUID;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.MasterInfo;

/** Builds a master for a port; its id is new at every start, as a Mesos master's is. */
public final class MasterFactory {

  private MasterFactory() {
  }

  public static Master create(Clock clock, EventLoop loop, int port, MesosLocalConfig config) {
    MasterInfo info = MasterInfo.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setIp(0x7f000001)
        .setPort(port)
        .setHostname("127.0.0.1")
        .setPid("master@127.0.0.1:" + port)
        .setVersion("1.11.0")
        .setAddress(Address.newBuilder().setHostname("127.0.0.1").setIp("127.0.0.1")
            .setPort(port))
        .build();
    return new Master(new MasterState(clock, info), loop, config.heartbeatInterval(),
        config.offerTimeout(), config.agentPingTimeout(),
        config.agentRemovalTimeout());
  }
}
