package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to start one broker JVM: the command line, where it runs and where its output
 * goes.
 *
 * @param brokerId the broker's id, for logs
 * @param command the full command line, {@code java} first
 * @param workDir the broker's working directory (the sandbox)
 * @param logFile where the broker's stdout and stderr go, to be tailed on failure
 */
public record BrokerLaunch(int brokerId, List<String> command, Path workDir, Path logFile) {

  public BrokerLaunch {
    command = List.copyOf(command);
    Objects.requireNonNull(workDir);
    Objects.requireNonNull(logFile);
  }

  /**
   * The broker's command line: the distribution's jars on the class path, its log4j configuration,
   * a fixed heap.
   *
   * @param java the {@code java} binary to run
   * @param kafkaHome the unpacked distribution ({@code libs/}, {@code config/log4j.properties})
   * @param serverProperties the broker's configuration file
   */
  public static List<String> command(
      Path java, BrokerTaskSpec spec, Path kafkaHome, Path serverProperties) {
    return List.of(
        java.toString(),
        "-Xmx" + spec.heapMb() + "m",
        "-Xms" + spec.heapMb() + "m",
        "-Djava.awt.headless=true",
        "-Dlog4j.configuration=file:" + kafkaHome.resolve("config").resolve("log4j.properties"),
        "-cp",
        kafkaHome.resolve("libs") + "/*",
        "kafka.Kafka",
        serverProperties.toString());
  }
}
