package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a KRaft controller the way the quorum sees it, from the controller's own Raft client
 * (its {@code kafka.server:type=raft-metrics} over JMX on loopback): it has joined the quorum when
 * it knows a leader and is the leader or a follower (a voter), or, when it was formatted to join a
 * running quorum, an observer (the scheduler then adds it as a voter). Its controller listener
 * must accept connections too.
 */
public final class KraftControllerProbe implements HealthProbe {

  private static final Logger LOG = LoggerFactory.getLogger(KraftControllerProbe.class);
  static final String RAFT_METRICS = "kafka.server:type=raft-metrics";

  private final String node;
  private final OptionalInt jmxPort;
  private final String host;
  private final int port;
  private final boolean joining;
  private JMXConnector jmx;
  private String seen = "";

  /**
   * @param node how logs name it ({@code controller 3000})
   * @param jmxPort its JVM's JMX agent on loopback
   * @param joining whether it joins a running dynamic quorum (then an observer is in the quorum)
   */
  public KraftControllerProbe(String node, OptionalInt jmxPort, String host, int port,
      boolean joining) {
    this.node = Objects.requireNonNull(node);
    this.jmxPort = Objects.requireNonNull(jmxPort);
    this.host = Objects.requireNonNull(host);
    this.port = port;
    this.joining = joining;
  }

  /** What the Raft client says: its state and the leader it knows (-1: none). */
  public record RaftState(String state, int leader) {

    /** Whether a controller in this state has joined the quorum. */
    public boolean joined(boolean joining) {
      Set<String> voters = Set.of("leader", "follower");
      return leader >= 0 && (voters.contains(state) || (joining && state.equals("observer")));
    }
  }

  @Override
  public synchronized boolean registered() {
    if (jmxPort.isEmpty()) {
      return false;
    }
    try {
      if (jmx == null) {
        jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
            + jmxPort.getAsInt() + "/jmxrmi"), Map.of());
      }
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      ObjectName name = new ObjectName(RAFT_METRICS);
      RaftState raft = new RaftState(String.valueOf(server.getAttribute(name, "current-state")),
          ((Number) server.getAttribute(name, "current-leader")).intValue());
      String now = raft.state() + ", leader " + raft.leader();
      if (!now.equals(seen)) {
        seen = now;
        LOG.info("{}: its Raft client is {}", node, now);
      }
      return raft.joined(joining);
    } catch (IOException | JMException | ClassCastException | SecurityException e) {
      LOG.debug("{}: raft metrics not readable yet: {}", node, e.toString());
      disconnect();
      return false;
    }
  }

  @Override
  public boolean portAnswers() {
    return HealthProbe.accepts(host, port);
  }

  @Override
  public String healthy() {
    return "in the controller quorum (" + seen + "), its controller listener on " + host + ":" + port
        + " answers and it has started";
  }

  @Override
  public String unhealthy() {
    return "in the controller quorum with a known leader, listening and started";
  }

  @Override
  public synchronized void close() {
    disconnect();
  }

  private void disconnect() {
    if (jmx != null) {
      try {
        jmx.close();
      } catch (IOException e) {
        // the controller is gone: nothing left to close
      }
      jmx = null;
    }
  }
}
