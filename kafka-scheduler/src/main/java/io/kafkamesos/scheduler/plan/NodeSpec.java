package io.kafkamesos.scheduler.plan;

import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import io.kafkamesos.scheduler.state.PlanState.SpecRecord;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a node is launched with, as a step of a plan brings a node to it: the Kafka software, the
 * broker properties (the target's overrides plus what the plan pins, such as
 * {@code inter.broker.protocol.version} during an upgrade), the JVM and the executor. Its
 * {@link #id()} is the digest a broker record keeps as its {@code configId}: a broker runs a spec
 * when its latest launch had that id. Immutable; equal when the ids are.
 *
 * <p>Where node kinds come in (KRaft controllers, combined mode), the kind is part of the spec.
 */
public final class NodeSpec {

  private final SchedulerSettings base;
  private final Map<String, String> pins;
  private final SchedulerSettings settings;
  private final String id;

  private NodeSpec(SchedulerSettings base, Map<String, String> pins) {
    this.base = Objects.requireNonNull(base);
    this.pins = Map.copyOf(pins);
    Map<String, String> overrides = new TreeMap<>(base.overrides());
    overrides.putAll(this.pins);
    this.settings = pins.isEmpty() ? base : base.withOverrides(overrides);
    this.id = settings.brokerConfigId();
  }

  /** The spec of a target's settings as they are. */
  public static NodeSpec of(SchedulerSettings settings) {
    return new NodeSpec(settings, Map.of());
  }

  /** The spec of a stored record, with {@code env}'s connections (they are not part of a spec). */
  public static NodeSpec of(SpecRecord record, SchedulerSettings env) {
    return new NodeSpec(record.configuration().applyTo(env), record.pins());
  }

  /**
   * This spec with {@code inter.broker.protocol.version} and {@code log.message.format.version}
   * pinned (a null leaves that property as the overrides have it).
   */
  public NodeSpec pinned(String protocol, String messageFormat) {
    Map<String, String> more = new TreeMap<>(pins);
    if (protocol != null) {
      more.put(KafkaVersions.PROTOCOL_PROPERTY, protocol);
    }
    if (messageFormat != null) {
      more.put(KafkaVersions.MESSAGE_FORMAT_PROPERTY, messageFormat);
    }
    return new NodeSpec(base, more);
  }

  /** This spec with more broker properties pinned on top of its overrides. */
  public NodeSpec with(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(pins);
    all.putAll(more);
    return new NodeSpec(base, all);
  }

  /** The digest of what the node is launched with (a broker record's {@code configId}). */
  public String id() {
    return id;
  }

  /** What the task is built from: the target's settings with the pins among the overrides. */
  public SchedulerSettings settings() {
    return settings;
  }

  public KafkaVersion version() {
    return settings.kafka().version();
  }

  /** The {@code inter.broker.protocol.version} it speaks: its pin or override, else its version's. */
  public String protocol() {
    return KafkaVersions.protocolOf(version(), settings.overrides());
  }

  /** The properties the plan pins on top of the target's overrides; empty when none. */
  public Map<String, String> pins() {
    return pins;
  }

  /** The spec as stored with a plan: its target configuration and pins. */
  public SpecRecord record(String marathonAppId) {
    return new SpecRecord(TargetConfiguration.of(base, marathonAppId), pins);
  }

  /** One line for messages: {@code Kafka 3.9.1 with inter.broker.protocol.version=2.4}. */
  public String describe() {
    return "Kafka " + version() + (pins.isEmpty() ? "" : " with " + String.join(", ",
        new TreeMap<>(pins).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeSpec s && s.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id + " (" + describe() + ")";
  }
}
