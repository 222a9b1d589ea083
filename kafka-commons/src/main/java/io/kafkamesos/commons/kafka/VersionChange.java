package io.kafkamesos.commons.kafka;

import java.util.Objects;

/**
 * What the catalogue says about a cluster going from one Kafka version to another
 * ({@link KafkaVersions#change}).
 *
 * @param outcome whether it may, and as what
 * @param message a sentence for the operator: what happens, or why it is refused and what to do
 */
public record VersionChange(Outcome outcome, String message) {

  /** Whether the change may happen, and as what. */
  public enum Outcome {
    /** The same version: nothing to do. */
    SAME,
    /** A rolling restart onto a newer version, the inter-broker protocol kept at the old one's. */
    ROLLING_UPGRADE,
    /** Back to the older version of an upgrade whose protocol was never raised. */
    ROLLBACK,
    /** Not allowed; {@link #message} says why. */
    REFUSED
  }

  public VersionChange {
    Objects.requireNonNull(outcome);
    Objects.requireNonNull(message);
  }

  public boolean refused() {
    return outcome == Outcome.REFUSED;
  }

  /** Whether the brokers move to other software (a rolling restart). */
  public boolean changesSoftware() {
    return outcome == Outcome.ROLLING_UPGRADE || outcome == Outcome.ROLLBACK;
  }
}
