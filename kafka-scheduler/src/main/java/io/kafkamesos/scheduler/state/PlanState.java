package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the scheduler keeps of the plan of a target, beside the target in ZooKeeper
 * ({@code /<framework-name>/scheduler/plan}): which plan it is and what it is built from (written
 * with the target, atomically), and how far it got (written as it moves), so that a scheduler that
 * takes over resumes it where it was: gates passed, phases started, steps in error, interrupted.
 *
 * @param targetId the target the plan rolls out; a state of another target is not this one's
 * @param kind which plan the target needs (decides its phases)
 * @param upgrade the Kafka upgrade the plan carries out, or null
 * @param specs the launch specs the plan knows by id: its own, and what the brokers ran before it,
 *     so that a broker not rolled yet relaunches with what it ran
 * @param progress how far the plan got
 * @param migratedFrom for a {@link PlanKind#MIGRATION} (and its {@link PlanKind#REVERT}): the
 *     ZooKeeper-mode spec the brokers ran
 *     before it, on top of which they enter migration mode; else null
 * @param switchOn for a {@link PlanKind#SWITCH_ON}: the security options it goes from and to, which
 *     its stages follow from; else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanState(String targetId, PlanKind kind, UpgradeRecord upgrade,
    Map<String, SpecRecord> specs, PlanProgress progress, SpecRecord migratedFrom,
    SwitchRecord switchOn) {

  /** A plan that is not a migration. */
  public PlanState(String targetId, PlanKind kind, UpgradeRecord upgrade,
      Map<String, SpecRecord> specs, PlanProgress progress) {
    this(targetId, kind, upgrade, specs, progress, null);
  }

  /** A plan that is not a switch of TLS. */
  public PlanState(String targetId, PlanKind kind, UpgradeRecord upgrade,
      Map<String, SpecRecord> specs, PlanProgress progress, SpecRecord migratedFrom) {
    this(targetId, kind, upgrade, specs, progress, migratedFrom, null);
  }

  public PlanState {
    Objects.requireNonNull(targetId);
    kind = kind == null ? PlanKind.CONFIGURATION : kind;
    specs = specs == null ? Map.of() : new TreeMap<>(specs);
    progress = progress == null ? PlanProgress.NONE : progress;
  }

  /** The same plan, as far as {@code newProgress} says. */
  public PlanState withProgress(PlanProgress newProgress) {
    return new PlanState(targetId, kind, upgrade, specs, newProgress, migratedFrom, switchOn);
  }

  /**
   * The security options a {@link PlanKind#SWITCH_ON} goes from (what the brokers ran before it)
   * and to (its target's).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SwitchRecord(io.kafkamesos.scheduler.security.SecurityTarget from,
      io.kafkamesos.scheduler.security.SecurityTarget to) {
    public SwitchRecord {
      Objects.requireNonNull(from);
      Objects.requireNonNull(to);
    }
  }

  /**
   * A Kafka version change under way: from which version, and what the brokers keep speaking
   * until the protocol is raised.
   *
   * @param fromVersion the version the cluster ran before ({@code 2.4.1})
   * @param toVersion the version it goes to ({@code 3.9.1})
   * @param protocol the {@code inter.broker.protocol.version} pinned until it is raised ({@code 2.4})
   * @param messageFormat the {@code log.message.format.version} pinned with it, or null
   * @param metadataVersion a KRaft cluster's {@code metadata.version} kept until the upgrade's
   *     {@code raise-metadata} phase ({@code 3.9-IV0}); null in ZooKeeper mode
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpgradeRecord(String fromVersion, String toVersion, String protocol,
      String messageFormat, String metadataVersion) {
    public UpgradeRecord {
      Objects.requireNonNull(fromVersion);
      Objects.requireNonNull(toVersion);
    }

    /** A ZooKeeper-mode upgrade (no metadata.version). */
    public UpgradeRecord(String fromVersion, String toVersion, String protocol, String messageFormat) {
      this(fromVersion, toVersion, protocol, messageFormat, null);
    }
  }

  /**
   * A launch spec as stored: the target configuration it comes from and the properties the plan
   * pins on top of its overrides.
   *
   * @param configuration the cluster's configuration of the spec
   * @param pins broker properties set by the plan ({@code inter.broker.protocol.version=2.4}), empty
   *     when none
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SpecRecord(TargetConfiguration configuration, Map<String, String> pins) {
    public SpecRecord {
      Objects.requireNonNull(configuration);
      pins = pins == null ? Map.of() : new TreeMap<>(pins);
    }
  }
}
