package io.kafkamesos.commons.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * For tests: where the build left each version's distribution. {@code kafka-dist/} builds one module
 * per version, each leaving {@code target/kafka_<scala>-<version>.tgz} and the same layout unpacked
 * beside it; the tests find them through the system property {@code kafka.dist.root} (the
 * {@code kafka-dist} directory, set by each module's failsafe configuration).
 */
public final class KafkaDistributions {

  private KafkaDistributions() {
  }

  /** The unpacked distribution of a catalogue version: {@code .../kafka_2.13-3.9.1/} with libs/. */
  public static Path dir(String version) {
    KafkaVersion v = KafkaVersions.standard().find(version)
        .orElseThrow(() -> new IllegalArgumentException("no Kafka " + version + " in the catalogue"));
    return find(v.topFolder(), Files::isDirectory);
  }

  /** The archive of a catalogue version: {@code .../kafka_2.13-3.9.1.tgz}. */
  public static Path archive(String version) {
    KafkaVersion v = KafkaVersions.standard().find(version)
        .orElseThrow(() -> new IllegalArgumentException("no Kafka " + version + " in the catalogue"));
    return find(v.archiveName(), Files::isRegularFile);
  }

  /**
   * The unpacked distribution of the newest supported ZooKeeper-mode version (3.9.1): what the tests
   * that run a broker on a ZooKeeper of their own use (the catalogue's default is KRaft-only 4.4.0).
   */
  public static Path defaultDir() {
    return dir(KafkaVersions.standard().supported().stream()
        .filter(v -> v.runs(MetadataMode.ZOOKEEPER)).reduce((a, b) -> b).orElseThrow().version());
  }

  private static Path find(String name, java.util.function.Predicate<Path> kind) {
    Path root = root();
    try (Stream<Path> modules = Files.list(root)) {
      List<Path> found = modules.map(m -> m.resolve("target").resolve(name)).filter(kind).toList();
      if (found.size() != 1) {
        throw new IllegalStateException(found.isEmpty()
            ? name + " is not built under " + root + "/*/target: run mvn -pl kafka-dist -amd package"
                + " (or -am the module under test)"
            : name + " is built more than once: " + found);
      }
      return found.get(0).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    String root = System.getProperty("kafka.dist.root");
    if (root == null) {
      throw new IllegalStateException("system property kafka.dist.root is not set: the kafka-dist"
          + " directory (see the module's failsafe configuration)");
    }
    return Path.of(root);
  }
}
