package io.kafkamesos.executor.broker;

import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a KRaft broker the way its clients see it: its registration, as the controller
 * quorum's metadata (replicated to the broker) holds it, through Kafka's admin client on the
 * broker's own listener ({@code describeCluster} lists the registered brokers the controller has
 * unfenced), and a TCP connection to that listener. On a node with TLS the admin client connects
 * to the {@code INTERNAL} listener with the node's own certificate ({@link ProbeClient}). Its
 * {@code BrokerState} (RUNNING once the controller unfenced it) comes from the
 * {@link StartupProbe}.
 */
public final class KraftBrokerProbe implements HealthProbe {

  private static final Logger LOG = LoggerFactory.getLogger(KraftBrokerProbe.class);
  private static final int REQUEST_TIMEOUT_MS = 5_000;

  private final String node;
  private final int nodeId;
  private final String host;
  private final int port;
  private final ProbeClient client;
  private Admin admin;

  public KraftBrokerProbe(String node, int nodeId, String host, int port) {
    this(node, nodeId, host, port, new ProbeClient(host + ":" + port, java.util.Map.of()));
  }

  /**
   * @param port the broker's first listener (the client one), which must accept connections
   * @param client where and how its admin client connects (the {@code INTERNAL} listener with the
   *     node's key stores on a node with TLS)
   */
  public KraftBrokerProbe(String node, int nodeId, String host, int port, ProbeClient client) {
    this.node = Objects.requireNonNull(node);
    this.nodeId = nodeId;
    this.host = Objects.requireNonNull(host);
    this.port = port;
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public synchronized boolean registered() {
    try {
      if (admin == null) {
        Properties props = new Properties();
        props.putAll(client.security());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, client.bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-executor-probe-" + nodeId);
        // the probe asks again every second; the client must not retry on its own meanwhile
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        admin = Admin.create(props);
      }
      return admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
          .mapToInt(Node::id).anyMatch(id -> id == nodeId);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("{}: registration not readable yet: {}", node, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean portAnswers() {
    return HealthProbe.accepts(host, port);
  }

  @Override
  public String healthy() {
    return "registered with the controllers, listening on " + host + ":" + port + " and RUNNING";
  }

  @Override
  public String unhealthy() {
    return "registered with the controllers, listening and RUNNING";
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(2));
      admin = null;
    }
  }
}
