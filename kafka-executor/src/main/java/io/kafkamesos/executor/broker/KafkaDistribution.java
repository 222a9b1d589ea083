package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.kafka.BrokerLogging;
import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.commons.kafka.MetadataMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Kafka distribution the fetcher unpacked into the sandbox: the archive's single top folder
 * (ours, {@code kafka_2.13-3.9.1/}, Apache's own, or the older {@code kafka/}), the version its
 * {@code libs/} holds, and what the catalogue knows of that version.
 *
 * @param home the top folder, with {@code libs/} (and normally {@code config/})
 * @param version the Kafka version of its jars ({@code 3.9.1})
 * @param catalogued the catalogue's entry for that version, or null when it has none (a user's
 *     own archive of another release)
 * @param logging how its broker logs
 */
public record KafkaDistribution(Path home, String version, KafkaVersion catalogued,
    BrokerLogging logging) {

  public KafkaDistribution {
    Objects.requireNonNull(home);
    Objects.requireNonNull(version);
    Objects.requireNonNull(logging);
  }

  /** The catalogue's entry for the version, if it has one. */
  public Optional<KafkaVersion> known() {
    return Optional.ofNullable(catalogued);
  }

  /** The distribution's own logging configuration ({@code config/log4j.properties} or its log4j 2 file). */
  public Path logConfig() {
    return home.resolve("config").resolve(logging.configFile());
  }

  /**
   * Finds the distribution of a broker task: {@code spec.kafkaHome()} when the scheduler names one,
   * else the one folder of the sandbox that has a {@code libs/} directory; then checks that it holds
   * the Kafka version the spec asks for, that this version runs in the spec's metadata mode
   * (ZooKeeper or KRaft), and that this JVM
   * is recent enough for its broker.
   *
   * @throws IOException with a message for the operator (the task fails with it): no or more than
   *     one distribution, an archive without a top folder, no Kafka jar, another version than asked
   */
  public static KafkaDistribution locate(BrokerTaskSpec spec, Path sandbox, int javaFeature)
      throws IOException {
    Path home = spec.kafkaHome().isEmpty() ? topFolder(spec, sandbox)
        : sandbox.resolve(spec.kafkaHome()).toAbsolutePath().normalize();
    Path libs = home.resolve("libs");
    if (!Files.isDirectory(libs)) {
      throw new IOException("the Kafka distribution is not at " + home
          + " (no libs/ directory): was the distribution URI fetched and extracted?");
    }
    List<String> jars;
    try (Stream<Path> files = Files.list(libs)) {
      jars = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    String version = KafkaVersions.versionOfLibs(jars).orElseThrow(() -> new IOException(
        "no Kafka jar in " + libs + " (kafka_<scala>-<version>.jar, kafka-server-<version>.jar or"
            + " kafka-clients-<version>.jar): the archive is not a Kafka distribution"));
    if (!spec.kafkaVersion().isEmpty() && !spec.kafkaVersion().equals(version)) {
      throw new IOException("the Kafka archive holds Kafka " + version + " (" + libs.getFileName()
          + "/ of " + home.getFileName() + "/), but the cluster runs Kafka " + spec.kafkaVersion()
          + ": point KAFKA_URI at a Kafka " + spec.kafkaVersion() + " archive, or set KAFKA_VERSION="
          + version + " if the catalogue supports it");
    }
    Optional<KafkaVersion> known = KafkaVersions.standard().find(version);
    if (known.isPresent()) {
      KafkaVersion v = known.get();
      MetadataMode mode = spec.isKraft() ? MetadataMode.KRAFT : MetadataMode.ZOOKEEPER;
      if (!v.runs(mode)) {
        throw new IOException("Kafka " + version + " cannot run in " + (mode == MetadataMode.KRAFT
            ? "KRaft mode: its brokers need ZooKeeper" : "ZooKeeper mode: it runs KRaft only"));
      }
      if (javaFeature < v.brokerJava()) {
        throw new IOException("Kafka " + version + " needs Java " + v.brokerJava() + " or newer for"
            + " its broker; this executor runs on Java " + javaFeature + " (set JAVA_URI)");
      }
    }
    BrokerLogging logging = known.map(KafkaVersion::logging)
        .orElseGet(() -> jars.stream().anyMatch(j -> j.startsWith("log4j-core-"))
            ? BrokerLogging.LOG4J2 : BrokerLogging.LOG4J);
    return new KafkaDistribution(home, version, known.orElse(null), logging);
  }

  /** The single folder of the sandbox with {@code libs/}: what the archive unpacked. */
  private static Path topFolder(BrokerTaskSpec spec, Path sandbox) throws IOException {
    if (Files.isDirectory(sandbox.resolve("libs"))) {
      throw new IOException("the Kafka archive has no top folder: it unpacked libs/ straight into the"
          + " sandbox; KAFKA_URI must be an archive with one top folder, as Apache's"
          + " kafka_2.13-3.9.1.tgz (kafka_2.13-3.9.1/libs/...)");
    }
    Path data = sandbox.resolve(spec.dataDir()).normalize();
    List<Path> found;
    try (Stream<Path> entries = Files.list(sandbox)) {
      found = entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.normalize().equals(data))
          .filter(p -> Files.isDirectory(p.resolve("libs")))
          .sorted()
          .toList();
    }
    if (found.isEmpty()) {
      throw new IOException("no Kafka distribution in the sandbox " + sandbox + ": no folder with"
          + " libs/; KAFKA_URI must be an archive with one top folder holding libs/, as Apache's"
          + " kafka_2.13-3.9.1.tgz (was it fetched and extracted?)");
    }
    if (found.size() > 1) {
      throw new IOException("more than one Kafka distribution in the sandbox: "
          + String.join(", ", found.stream().map(p -> p.getFileName() + "/").toList())
          + "; KAFKA_URI must be an archive with a single top folder");
    }
    return found.get(0).toAbsolutePath().normalize();
  }
}
