package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Looks at a started node from the outside. The supervisor asks it repeatedly until the node is
 * healthy, then closes it. One per kind of node and metadata mode: a ZooKeeper-mode broker
 * ({@link ZooKeeperHealthProbe}), a KRaft broker ({@link KraftBrokerProbe}), a KRaft controller
 * ({@link KraftControllerProbe}).
 */
public interface HealthProbe extends AutoCloseable {

  /**
   * Whether the node is known where it must be: a broker's registration ({@code /brokers/ids/<id>}
   * under the chroot, or with the KRaft controllers), a controller's membership of the quorum.
   */
  boolean registered();

  /** Whether the node's listener accepts a TCP connection. */
  boolean portAnswers();

  /** How long {@link #accepts} waits for a connection. */
  int CONNECT_TIMEOUT_MS = 2_000;

  /** Whether {@code host:port} accepts a TCP connection within {@link #CONNECT_TIMEOUT_MS}. */
  static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What the node is once healthy, for the TASK_RUNNING message and the log. */
  default String healthy() {
    return "registered in ZooKeeper, listening and started";
  }

  /** What the node must become to be healthy, for messages about a node that did not. */
  default String unhealthy() {
    return "registered in ZooKeeper, listening and started";
  }

  /** Releases what the probe holds (a ZooKeeper session); never throws. */
  @Override
  void close();
}
