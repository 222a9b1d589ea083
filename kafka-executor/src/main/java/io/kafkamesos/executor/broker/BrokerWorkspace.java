package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays out a broker in the executor's sandbox: finds the distribution, resolves the data directory
 * (a persistent volume appears as a link in the sandbox), and writes {@code server.properties}.
 */
public final class BrokerWorkspace {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerWorkspace.class);

  public static final String SERVER_PROPERTIES = "server.properties";
  public static final String BROKER_LOG = "broker.log";

  private BrokerWorkspace() {
  }

  /**
   * Prepares the sandbox and answers how to start the broker.
   *
   * @param java the {@code java} binary the broker runs on
   * @throws IOException when the distribution is missing or a file cannot be written; the message
   *     says which path
   */
  public static BrokerLaunch prepare(BrokerTaskSpec spec, Path sandbox, Path java)
      throws IOException {
    Path kafkaHome = sandbox.resolve(spec.kafkaHome()).toAbsolutePath().normalize();
    Path libs = kafkaHome.resolve("libs");
    if (!Files.isDirectory(libs)) {
      throw new IOException("the Kafka distribution is not at " + kafkaHome
          + " (no libs/ directory): was the distribution URI fetched and extracted?");
    }
    Path dataDir = sandbox.resolve(spec.dataDir());
    Files.createDirectories(dataDir);
    // Kafka must see the volume itself, not the sandbox's link to it.
    Path logDir = dataDir.toRealPath();
    Path properties = sandbox.resolve(SERVER_PROPERTIES).toAbsolutePath();
    Files.writeString(properties, ServerProperties.render(spec, logDir), StandardCharsets.UTF_8);
    LOG.info("broker {}: wrote {} (log.dirs={})", spec.brokerId(), properties, logDir);
    // Always with JMX: the supervisor reads the broker's state from it to know when it has
    // finished starting (a SIGTERM before then makes Kafka halt instead of shutting down).
    int jmxPort = freeLoopbackPort();
    return new BrokerLaunch(
        spec.brokerId(),
        BrokerLaunch.command(java, spec, kafkaHome, properties),
        sandbox.toAbsolutePath(),
        sandbox.resolve(BROKER_LOG).toAbsolutePath())
        .withJmx(jmxPort);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
