package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.kafka.BrokerLogging;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays out a node in the executor's sandbox: finds the distribution and its version
 * ({@link KafkaDistribution}), resolves the data directory (a persistent volume appears as a link
 * in the sandbox), writes {@code server.properties}, and formats a KRaft node's storage the first
 * time ({@link StorageFormat}).
 */
public final class BrokerWorkspace {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerWorkspace.class);

  public static final String SERVER_PROPERTIES = "server.properties";
  public static final String BROKER_LOG = "broker.log";
  /** {@code kafka.logs.dir}: where a distribution's own logging configuration may write files. */
  public static final String LOGS_DIR = "kafka-logs";
  /** The logging configuration written when a distribution has none of its own. */
  public static final String DEFAULT_LOG_CONFIG = "broker-default-";
  static final String MIGRATION_FLAG = "zookeeper.metadata.migration.enable";
  /** Kafka's KRaft metadata log (with its {@code quorum-state}) in a log directory. */
  static final String METADATA_LOG = "__cluster_metadata-0";

  private BrokerWorkspace() {
  }

  /**
   * Prepares the sandbox and answers how to start the broker.
   *
   * @param java the {@code java} binary the broker runs on
   * @throws IOException when the distribution is missing or not what the task asks for, or a file
   *     cannot be written; the message says which and why
   */
  public static BrokerLaunch prepare(BrokerTaskSpec spec, Path sandbox, Path java)
      throws IOException {
    KafkaDistribution kafka = KafkaDistribution.locate(spec, sandbox, Runtime.version().feature());
    LOG.info("{}: Kafka {} in {}", spec.describe(), kafka.version(), kafka.home());
    Path dataDir = sandbox.resolve(spec.dataDir());
    Files.createDirectories(dataDir);
    // Kafka must see the volume itself, not the sandbox's link to it.
    Path logDir = dataDir.toRealPath();
    Path properties = sandbox.resolve(SERVER_PROPERTIES).toAbsolutePath();
    String rendered = ServerProperties.render(spec, logDir, kafka.version());
    Files.writeString(properties, rendered, StandardCharsets.UTF_8);
    LOG.info("{}: wrote {} (log.dirs={})", spec.describe(), properties, logDir);
    if (spec.isKraft()) {
      StorageFormat.ensure(spec, kafka, java, sandbox, properties, logDir);
    } else if (!inMigration(rendered)) {
      dropMetadataLog(spec, logDir);
    }
    Path logsDir = Files.createDirectories(sandbox.resolve(LOGS_DIR)).toAbsolutePath();
    // Always with JMX: the supervisor reads the broker's state from it to know when it has
    // finished starting (a SIGTERM before then makes Kafka halt instead of shutting down).
    int jmxPort = freeLoopbackPort();
    return new BrokerLaunch(
        spec.kind(),
        spec.brokerId(),
        BrokerLaunch.command(java, spec, kafka, logConfig(spec, kafka, sandbox), logsDir, properties),
        sandbox.toAbsolutePath(),
        sandbox.resolve(BROKER_LOG).toAbsolutePath(),
        OptionalInt.empty())
        .withJmx(jmxPort);
  }

  /** Whether a ZooKeeper-mode broker's properties put it in migration mode to KRaft. */
  static boolean inMigration(String serverProperties) {
    return serverProperties.lines().map(String::strip)
        .anyMatch(l -> l.equals(MIGRATION_FLAG + "=true"));
  }

  /**
   * A ZooKeeper-mode broker outside a migration never reads a KRaft metadata log; one left on its
   * volume by a migration that was reverted is deleted (as Kafka's revert asks), so that a later
   * migration's quorum does not meet the old quorum's epochs there.
   */
  static void dropMetadataLog(BrokerTaskSpec spec, Path logDir) throws IOException {
    Path metadata = logDir.resolve(METADATA_LOG);
    if (!Files.isDirectory(metadata)) {
      return;
    }
    try (var files = Files.walk(metadata)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    LOG.info("{}: deleted {}, the KRaft metadata log of a migration that was reverted (ZooKeeper"
        + " mode does not use it)", spec.describe(), metadata);
  }

  /**
   * The distribution's logging configuration, or (for an archive without one) a configuration in
   * the sandbox that logs to stdout, which the executor keeps and tails.
   */
  private static Path logConfig(BrokerTaskSpec spec, KafkaDistribution kafka, Path sandbox)
      throws IOException {
    if (Files.isRegularFile(kafka.logConfig())) {
      return kafka.logConfig();
    }
    Path file = sandbox.resolve(DEFAULT_LOG_CONFIG + kafka.logging().configFile()).toAbsolutePath();
    Files.writeString(file, kafka.logging() == BrokerLogging.LOG4J2 ? """
        Configuration:
          Appenders:
            Console:
              name: STDOUT
              target: SYSTEM_OUT
              PatternLayout:
                pattern: "[%d] %p %m (%c)%n"
          Loggers:
            Root:
              level: INFO
              AppenderRef:
                - ref: STDOUT
        """ : """
        log4j.rootLogger=INFO, stdout
        log4j.appender.stdout=org.apache.log4j.ConsoleAppender
        log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
        log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
        """, StandardCharsets.UTF_8);
    LOG.info("{}: the distribution has no {}; logging to stdout with {}", spec.describe(),
        kafka.logConfig(), file);
    return file;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
