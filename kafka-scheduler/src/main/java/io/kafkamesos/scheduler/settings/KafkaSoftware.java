package io.kafkamesos.scheduler.settings;

import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Kafka the brokers run and what the agents fetch for it.
 *
 * @param version the catalogue's version in force
 * @param uri the Kafka archive the agents fetch: {@code KAFKA_URI} (a user's own archive, which the
 *     executor checks holds {@code version}), else the stock archive of {@code version}
 * @param javaUri {@code JAVA_URI}: a JRE or JDK archive (one top folder with {@code bin/java})
 *     fetched with every task, on which the executor and the broker run; null: the agent's java
 * @param sources what the environment offers, to pick the archive of another version
 */
public record KafkaSoftware(KafkaVersion version, String uri, String javaUri, Sources sources) {

  /**
   * What the environment says about Kafka's software.
   *
   * @param requestedVersion {@code KAFKA_VERSION}, or null when unset: then a cluster keeps the
   *     version of its stored target, and a new one gets the catalogue's default
   * @param ownUri {@code KAFKA_URI}, or null
   * @param archives the stock archive of each version ({@code KAFKA_DIST_URI_3_9_1}), by version
   */
  public record Sources(String requestedVersion, String ownUri, Map<String, String> archives) {

    public Sources {
      archives = Map.copyOf(archives);
    }

    /**
     * The archive for {@code version}: {@code KAFKA_URI} if set, else the version's stock archive.
     *
     * @throws InvalidSettingException when the environment has neither
     */
    public String uriFor(KafkaVersion version) {
      if (ownUri != null) {
        return ownUri;
      }
      String stock = archives.get(version.version());
      if (stock == null) {
        throw new InvalidSettingException(version.archiveVariable(), "Missing "
            + version.archiveVariable() + ": the cluster runs Kafka " + version + "; set it to the URI"
            + " of its archive (" + version.archiveName() + "), or KAFKA_URI to your own archive of"
            + " Kafka " + version);
      }
      return stock;
    }
  }

  public KafkaSoftware {
    Objects.requireNonNull(version);
    Objects.requireNonNull(uri);
    Objects.requireNonNull(sources);
  }

  /** Whether {@code KAFKA_VERSION} asked for the version (else it is the stored or default one). */
  public boolean versionRequested() {
    return sources.requestedVersion() != null;
  }

  /** {@code JAVA_URI}, if set. */
  public Optional<String> java() {
    return Optional.ofNullable(javaUri);
  }

  /**
   * The same sources for another version (the one a stored target runs).
   *
   * @throws InvalidSettingException when the environment has no archive for it
   */
  public KafkaSoftware withVersion(KafkaVersion other) {
    return new KafkaSoftware(other, sources.uriFor(other), javaUri, sources);
  }

  /** Exactly this version, archive and JRE (a stored target's), with this environment's sources. */
  public KafkaSoftware pinned(KafkaVersion other, String otherUri, String otherJavaUri) {
    return new KafkaSoftware(other, otherUri, otherJavaUri, sources);
  }

  /**
   * The catalogue's version of a stored target: its own, or for a target stored before versions
   * were kept, {@link KafkaVersions#legacy()}.
   *
   * @throws InvalidSettingException when the target names a version this scheduler does not know
   */
  public static KafkaVersion stored(String version) {
    KafkaVersions catalogue = KafkaVersions.standard();
    if (version == null) {
      return catalogue.legacy();
    }
    return catalogue.find(version).orElseThrow(() -> new InvalidSettingException("KAFKA_VERSION",
        "The cluster's target runs Kafka " + version + ", which this scheduler does not know"
            + " (it knows " + String.join(", ", catalogue.all().stream().map(KafkaVersion::version)
            .toList()) + "): run a scheduler that does"));
  }
}
