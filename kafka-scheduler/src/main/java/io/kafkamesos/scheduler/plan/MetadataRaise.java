package io.kafkamesos.scheduler.plan;

import java.util.Objects;

/**
 * The last phase of a KRaft cluster's upgrade as a decision on what Kafka reports (Kafka's
 * "Upgrading KRaft-based clusters": once every node runs the new release, {@code metadata.version}
 * is raised with {@code kafka-features.sh upgrade}, the admin client's {@code updateFeatures}).
 * Pure: the shell reads the {@link Levels} and carries out a {@link Decision}.
 *
 * <p>The level raised to is the highest {@code metadata.version} both the brokers and the
 * controllers support (every node of the cluster runs the new release by then, so this is the
 * release's own level; Kafka refuses an update some registered node does not support). The raise
 * is asked of the controllers; the phase is done once the controllers and the brokers report that
 * level finalized. A finalized level above the one supported is never lowered: Kafka cannot.
 */
public final class MetadataRaise {

  /** Kafka's name of the feature. */
  public static final String FEATURE = "metadata.version";

  /**
   * What the brokers' and the controllers' admin clients report of {@value #FEATURE}
   * ({@code describeFeatures}): its finalized level, and the highest level supported.
   */
  public record Levels(short brokersFinalized, short controllersFinalized, short brokersSupported,
      short controllersSupported) {

    /** The level to raise to: the highest both sides support. */
    public short wanted() {
      return (short) Math.min(brokersSupported, controllersSupported);
    }
  }

  /** What the shell does now. */
  public sealed interface Decision {
    /** Every node reports the wanted level: the phase is done. */
    record Done(short level) implements Decision {
    }

    /** Ask the controllers to finalize {@code level} ({@code updateFeatures}, an upgrade). */
    record Raise(short from, short level) implements Decision {
    }

    /** Kafka committed the level; the brokers have not all reported it yet. */
    record Wait(String reason) implements Decision {
      public Wait {
        Objects.requireNonNull(reason);
      }
    }
  }

  private MetadataRaise() {
  }

  /** The next thing to do about {@value #FEATURE}, from what Kafka reports. */
  public static Decision decide(Levels levels) {
    short wanted = levels.wanted();
    if (levels.controllersFinalized() < wanted) {
      return new Decision.Raise(levels.controllersFinalized(), wanted);
    }
    if (levels.brokersFinalized() < wanted) {
      return new Decision.Wait("the controllers finalized " + FEATURE + " level "
          + levels.controllersFinalized() + "; the brokers still report level "
          + levels.brokersFinalized());
    }
    return new Decision.Done(wanted);
  }
}
