package io.kafkamesos.scheduler.settings;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Broker properties that Kafka 2.4 accepts as cluster-wide dynamic configs (update mode
 * "cluster-wide" in Kafka's broker config table): a change of one of these in a
 * {@code KAFKA_OVERRIDE_*} is applied with the admin client's {@code incrementalAlterConfigs} on the
 * cluster's default broker resource, without restarting a broker. Everything else needs a restart.
 * The list is deliberately short: only properties whose dynamic update we rely on.
 */
public final class DynamicBrokerConfigs {

  /** The properties applied at run time. */
  public static final Set<String> KEYS = Set.of(
      "log.retention.ms",
      "log.retention.bytes",
      "log.segment.bytes",
      "log.roll.ms",
      "log.cleaner.threads",
      "log.cleanup.policy",
      "log.flush.interval.messages",
      "log.flush.interval.ms",
      "num.io.threads",
      "num.network.threads",
      "num.replica.fetchers",
      "num.recovery.threads.per.data.dir",
      "background.threads",
      "message.max.bytes",
      "compression.type",
      "min.insync.replicas",
      "unclean.leader.election.enable");

  private DynamicBrokerConfigs() {
  }

  public static boolean isDynamic(String property) {
    return KEYS.contains(property);
  }

  /** The overrides a broker must be restarted for. */
  public static Map<String, String> staticPart(Map<String, String> overrides) {
    Map<String, String> result = new TreeMap<>();
    overrides.forEach((k, v) -> {
      if (!isDynamic(k)) {
        result.put(k, v);
      }
    });
    return result;
  }

  /** The overrides applied at run time. */
  public static Map<String, String> dynamicPart(Map<String, String> overrides) {
    Map<String, String> result = new TreeMap<>();
    overrides.forEach((k, v) -> {
      if (isDynamic(k)) {
        result.put(k, v);
      }
    });
    return result;
  }
}
