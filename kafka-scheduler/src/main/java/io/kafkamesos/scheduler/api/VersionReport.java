package io.kafkamesos.scheduler.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code GET /v1/version}: {@code {"scheduler":"0.1.0","kafka_version":"3.9.1",
 * "brokers":{"0":"3.9.1","1":"2.4.1"}}}.
 *
 * @param scheduler this scheduler's build version
 * @param kafkaVersion the Kafka version of the target configuration
 * @param brokers each running broker's Kafka version (what its task was launched with; the executor
 *     refuses to start a broker from an archive of another version), by broker id in numeric
 *     order; brokers that do not run are left out
 * @param controllers the same for a KRaft cluster's controllers, by node id; left out of the JSON
 *     when there are none (ZooKeeper mode)
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
public record VersionReport(
    String scheduler,
    @JsonProperty("kafka_version") String kafkaVersion,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    Map<String, String> brokers,
    Map<String, String> controllers) {

  public VersionReport {
    Objects.requireNonNull(scheduler);
    Objects.requireNonNull(kafkaVersion);
    brokers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(brokers));
    controllers = controllers == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(controllers));
  }

  /** A report without controllers. */
  public VersionReport(String scheduler, String kafkaVersion, Map<String, String> brokers) {
    this(scheduler, kafkaVersion, brokers, Map.of());
  }

  /** The report of a scheduler view. Pure. */
  public static VersionReport of(String scheduler, String kafkaVersion, SchedulerView view) {
    Map<Integer, String> running = new TreeMap<>();
    Map<Integer, String> quorum = new TreeMap<>();
    for (BrokerRecord record : view.records().values()) {
      if (record.state() == BrokerState.RUNNING || record.state() == BrokerState.REMOVING) {
        // a record from before versions were kept ran the only version there was
        (record.kind().broker() ? running : quorum).put(record.brokerId(),
            record.kafkaVersion() != null ? record.kafkaVersion()
                : KafkaVersions.standard().legacy().version());
      }
    }
    Map<String, String> brokers = new java.util.LinkedHashMap<>();
    running.forEach((id, version) -> brokers.put(Integer.toString(id), version));
    Map<String, String> controllers = new java.util.LinkedHashMap<>();
    quorum.forEach((id, version) -> controllers.put(Integer.toString(id), version));
    return new VersionReport(scheduler, kafkaVersion, brokers, controllers);
  }

  /** This build's version, from {@code kafka-scheduler.properties} (filtered by Maven). */
  public static String schedulerVersion() {
    try (InputStream in = VersionReport.class.getResourceAsStream("/kafka-scheduler.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
