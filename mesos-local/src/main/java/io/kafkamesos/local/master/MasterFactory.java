package io.kafkamesos.local.master;

import io.kafkamesos.local.actor.EventLoop;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.MasterInfo;

/** Builds masters and their infos; a master's id is new at every start, as a Mesos master's is. */
public final class MasterFactory {

  /** The version mesos-local's masters and agents announce. */
  public static final String VERSION = "1.11.0";

  private MasterFactory() {
  }

  /** A new master process' info at this address, with a fresh id. */
  public static MasterInfo info(String ip, int port) {
    return MasterInfo.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setIp(networkOrder(ip))
        .setPort(port)
        .setHostname(ip)
        .setPid("master@" + ip + ":" + port)
        .setVersion(VERSION)
        .setAddress(Address.newBuilder().setHostname(ip).setIp(ip).setPort(port))
        .build();
  }

  /** The master that leads with this info, on its own scope of the loop. */
  public static Master create(Clock clock, EventLoop scope, MasterInfo info, Registry registry,
      MasterSettings settings) {
    return new Master(new MasterState(clock, info, registry), scope, settings);
  }

  /**
   * The IPv4 address as Mesos stores it in {@code MasterInfo.ip}: the {@code s_addr} of libc, in
   * network byte order read as a host (little-endian) integer (MESOS-1201).
   */
  static int networkOrder(String ip) {
    try {
      byte[] b = InetAddress.getByName(ip).getAddress();
      return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }
}
