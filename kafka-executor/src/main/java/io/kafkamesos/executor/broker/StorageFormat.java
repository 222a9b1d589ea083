package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.node.KraftSpec;
import java.io.IOException;
import java.io.StringReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft node's storage once, before its first start, with the archive's own
 * {@code bin/kafka-storage.sh format}: the cluster id the scheduler keeps, and for a controller of
 * a dynamic quorum the initial controllers (or none, when it joins a running quorum). A directory
 * that holds {@code meta.properties} is formatted already: it is checked, never formatted again, so
 * that a relaunch on the node's volume keeps its metadata.
 */
public final class StorageFormat {

  private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);
  /** Where the tool's output goes in the sandbox. */
  public static final String FORMAT_LOG = "kafka-storage-format.log";
  static final String META = "meta.properties";
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private StorageFormat() {
  }

  /** What the storage directory holds: nothing yet, or the identity Kafka wrote there. */
  public record Meta(String clusterId, String nodeId, String directoryId) {
  }

  /** The identity in {@code logDir/meta.properties}, if the directory was formatted. */
  public static Optional<Meta> read(Path logDir) throws IOException {
    Path file = logDir.resolve(META);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    // a broker of a cluster that migrated from ZooKeeper has Kafka's version 0 file, with its
    // broker.id: Kafka starts a KRaft broker on it (and rewrites it) as long as the ids agree
    return Optional.of(new Meta(p.getProperty("cluster.id", ""),
        p.getProperty("node.id", p.getProperty("broker.id", "")), p.getProperty("directory.id", "")));
  }

  /**
   * The arguments after the tool: {@code format --cluster-id=<id> --config <file>}, and
   * {@code --initial-controllers <list>} or {@code --no-initial-controllers} as the spec says.
   */
  public static List<String> arguments(KraftSpec kraft, Path serverProperties) {
    // one argument: a cluster id Kafka gave a ZooKeeper-mode cluster may start with '-'
    // ("-q--pCkw..."), which the tool would take for an option of its own
    List<String> args = new ArrayList<>(List.of("format", "--cluster-id=" + kraft.clusterId(),
        "--config", serverProperties.toString()));
    switch (kraft.format()) {
      case INITIAL -> args.addAll(List.of("--initial-controllers", kraft.initialControllers()));
      case JOIN -> args.add("--no-initial-controllers");
      case PLAIN -> {
        // the cluster id alone
      }
    }
    return args;
  }

  /**
   * Formats {@code logDir} unless it was formatted before; checks a formatted one belongs to this
   * cluster and node.
   *
   * @throws IOException when the tool fails (with the tail of its output), or the directory holds
   *     another cluster's or another node's data
   */
  public static void ensure(BrokerTaskSpec spec, KafkaDistribution kafka, Path java, Path sandbox,
      Path serverProperties, Path logDir) throws IOException {
    KraftSpec kraft = spec.kraft();
    String node = spec.describe();
    Optional<Meta> meta = read(logDir);
    if (meta.isPresent()) {
      Meta m = meta.get();
      if (!kraft.clusterId().equals(m.clusterId())) {
        throw new IOException(node + ": its storage " + logDir + " belongs to cluster " + m.clusterId()
            + ", not to this cluster (" + kraft.clusterId() + "); it is not formatted again, to keep"
            + " that data");
      }
      if (!Integer.toString(spec.brokerId()).equals(m.nodeId())) {
        throw new IOException(node + ": its storage " + logDir + " belongs to node " + m.nodeId());
      }
      LOG.info("{}: storage {} is formatted already (cluster {}, directory {}); starting on it", node,
          logDir, m.clusterId(), m.directoryId());
      return;
    }
    List<String> command = new ArrayList<>();
    Path script = kafka.home().resolve("bin").resolve("kafka-storage.sh");
    if (Files.isRegularFile(script)) {
      command.add("/bin/sh");
      command.add(script.toString());
    } else {
      // an archive without Apache's bin/: the same tool, run as the script would
      command.addAll(List.of(java.toString(), "-Xmx128m", "-cp", kafka.home().resolve("libs") + "/*",
          "kafka.tools.StorageTool"));
    }
    command.addAll(arguments(kraft, serverProperties));
    Path log = sandbox.resolve(FORMAT_LOG).toAbsolutePath();
    LOG.info("{}: formatting storage {} for cluster {} ({}): {}", node, logDir, kraft.clusterId(),
        kraft.format().name().toLowerCase(Locale.ROOT), String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(sandbox.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    Path javaHome = java.toAbsolutePath().getParent() == null ? null
        : java.toAbsolutePath().getParent().getParent();
    if (javaHome != null) {
      builder.environment().put("JAVA_HOME", javaHome.toString());
    }
    builder.environment().put("KAFKA_HEAP_OPTS", "-Xmx128m");
    builder.environment().remove(BrokerSupervisor.EXECUTOR_TOKEN);
    Process process = builder.start();
    int code;
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(node + ": kafka-storage format did not finish within "
            + TIMEOUT.toSeconds() + " s" + tail(log));
      }
      code = process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(node + ": interrupted while formatting its storage", e);
    }
    if (code != 0 || read(logDir).isEmpty()) {
      throw new IOException(node + ": kafka-storage format failed (exit code " + code + ")" + tail(log));
    }
    LOG.info("{}: storage {} formatted (directory {})", node, logDir,
        read(logDir).map(Meta::directoryId).orElse("?"));
  }

  private static String tail(Path log) {
    List<String> lines = LogTail.of(log, 10);
    return lines.isEmpty() ? "" : "; its output:\n" + String.join("\n", lines);
  }
}
