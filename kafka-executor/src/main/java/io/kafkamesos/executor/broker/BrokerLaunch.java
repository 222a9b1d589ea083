package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.NodeKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything needed to start one node's JVM (a broker, a KRaft controller, or both): the command
 * line, where it runs and where its output goes.
 *
 * @param kind what the node runs, for logs
 * @param brokerId the node's id, for logs
 * @param command the full command line, {@code java} first
 * @param workDir the broker's working directory (the sandbox)
 * @param logFile where the broker's stdout and stderr go, to be tailed on failure
 * @param jmxPort the loopback port of the broker JVM's JMX agent, when the command starts one
 */
public record BrokerLaunch(NodeKind kind,
    int brokerId, List<String> command, Path workDir, Path logFile, OptionalInt jmxPort) {

  public BrokerLaunch {
    Objects.requireNonNull(kind);
    command = List.copyOf(command);
    Objects.requireNonNull(workDir);
    Objects.requireNonNull(logFile);
    Objects.requireNonNull(jmxPort);
  }

  /** A broker's launch. */
  public BrokerLaunch(int brokerId, List<String> command, Path workDir, Path logFile,
      OptionalInt jmxPort) {
    this(NodeKind.BROKER, brokerId, command, workDir, logFile, jmxPort);
  }

  /** A broker's launch without a JMX agent. */
  public BrokerLaunch(int brokerId, List<String> command, Path workDir, Path logFile) {
    this(NodeKind.BROKER, brokerId, command, workDir, logFile, OptionalInt.empty());
  }

  /** How logs name the node: {@code broker 0}, {@code controller 3000}. */
  public String name() {
    return kind.describe(brokerId);
  }

  /** The same launch with another command line (the JMX port is kept). */
  public BrokerLaunch withCommand(List<String> newCommand) {
    return new BrokerLaunch(kind, brokerId, newCommand, workDir, logFile, jmxPort);
  }

  /**
   * The same launch with a JMX agent on {@code 127.0.0.1:<port>}.
   *
   * @throws IllegalStateException when the launch has a JMX agent already
   */
  public BrokerLaunch withJmx(int port) {
    if (jmxPort.isPresent()) {
      throw new IllegalStateException(name() + " has a JMX port already");
    }
    return new BrokerLaunch(kind, brokerId, jmxCommand(command, port), workDir, logFile,
        OptionalInt.of(port));
  }

  /**
   * The broker's command line: the distribution's jars on the class path, its logging configuration
   * (log4j 1 or 2, as the version logs), a fixed heap.
   *
   * @param java the {@code java} binary to run
   * @param kafka the unpacked distribution
   * @param logConfig the logging configuration the broker reads
   * @param logsDir {@code kafka.logs.dir}, where Apache's own logging configuration writes its files
   * @param serverProperties the broker's configuration file
   */
  public static List<String> command(Path java, BrokerTaskSpec spec, KafkaDistribution kafka,
      Path logConfig, Path logsDir, Path serverProperties) {
    return List.of(
        java.toString(),
        "-Xmx" + spec.heapMb() + "m",
        "-Xms" + spec.heapMb() + "m",
        "-Djava.awt.headless=true",
        kafka.logging().option(logConfig.toString()),
        "-Dkafka.logs.dir=" + logsDir,
        "-cp",
        kafka.home().resolve("libs") + "/*",
        "kafka.Kafka",
        serverProperties.toString());
  }

  /**
   * Adds a JMX agent without authentication, reachable on loopback only, before the class path.
   * The registry and the RMI server share one port so that only one port has to be free.
   */
  public static List<String> jmxCommand(List<String> command, int port) {
    List<String> out = new ArrayList<>(command);
    int at = out.indexOf("-cp");
    out.addAll(at < 0 ? 1 : at, List.of(
        "-Dcom.sun.management.jmxremote",
        "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.local.only=true",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false",
        "-Djava.rmi.server.hostname=127.0.0.1"));
    return out;
  }
}
