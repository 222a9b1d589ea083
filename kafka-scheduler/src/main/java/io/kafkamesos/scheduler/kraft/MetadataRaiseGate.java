package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.plan.GateCondition;
import io.kafkamesos.scheduler.plan.MetadataRaise;
import io.kafkamesos.scheduler.plan.Verdict;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The condition of a KRaft upgrade's {@code raise-metadata} gate, and the raise itself: reads
 * {@code metadata.version} through the brokers' and the controllers' admin clients
 * ({@code describeFeatures}), asks the controllers to raise it ({@code updateFeatures}) as
 * {@link MetadataRaise} decides, and lets the plan on once both report the new level. Runs on the
 * scheduler's thread, each call bounded by {@link KraftAdmin#CALL_TIMEOUT}.
 *
 * <p>The first check after the {@code finalize} gate passed raises nothing: the plan's progress
 * (the gate passed, so the old release may no longer return) is stored after that tick, and only
 * then is Kafka asked, so that a scheduler that takes over never offers a way back that is gone.
 */
public final class MetadataRaiseGate implements GateCondition {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataRaiseGate.class);

  private final KraftAdmin admin;
  private final String targetName;
  private boolean armed;

  /** @param targetName the release's level by name, for messages ({@code 4.4-IV2}) */
  public MetadataRaiseGate(KraftAdmin admin, String targetName) {
    this.admin = Objects.requireNonNull(admin);
    this.targetName = Objects.requireNonNull(targetName);
  }

  @Override
  public Verdict check(ClusterView view) {
    MetadataRaise.Levels levels;
    try {
      levels = read();
    } catch (RuntimeException e) {
      admin.resetControllers();
      return Verdict.refuse("cannot read metadata.version: " + e.getMessage());
    }
    MetadataRaise.Decision decision = MetadataRaise.decide(levels);
    if (decision instanceof MetadataRaise.Decision.Done done) {
      LOG.info("metadata.version is at level {} ({}) on the brokers and the controllers",
          done.level(), targetName);
      return Verdict.allow();
    }
    if (decision instanceof MetadataRaise.Decision.Wait wait) {
      return Verdict.refuse(wait.reason());
    }
    MetadataRaise.Decision.Raise raise = (MetadataRaise.Decision.Raise) decision;
    if (!armed) {
      armed = true;
      return Verdict.refuse("metadata.version is raised from level " + raise.from() + " to "
          + raise.level() + " (" + targetName + ") once the plan's progress is stored");
    }
    try {
      KraftAdmin.await(admin.controllers().updateFeatures(Map.of(MetadataRaise.FEATURE,
          new FeatureUpdate(raise.level(), FeatureUpdate.UpgradeType.UPGRADE)),
          new UpdateFeaturesOptions()).all(), "Kafka did not raise metadata.version to level "
          + raise.level());
    } catch (RuntimeException e) {
      LOG.warn("metadata.version: {}", e.getMessage());
      return Verdict.refuse(e.getMessage());
    }
    LOG.info("metadata.version raised from level {} to {} ({}) by the controllers", raise.from(),
        raise.level(), targetName);
    return Verdict.refuse("metadata.version raised to level " + raise.level()
        + "; waiting for the brokers and the controllers to report it");
  }

  private MetadataRaise.Levels read() {
    FeatureMetadata brokers = KraftAdmin.await(admin.brokers().describeFeatures().featureMetadata(),
        "cannot describe the brokers' features");
    FeatureMetadata controllers = KraftAdmin.await(admin.controllers().describeFeatures()
        .featureMetadata(), "cannot describe the controllers' features");
    return new MetadataRaise.Levels(finalized(brokers), finalized(controllers), supported(brokers),
        supported(controllers));
  }

  private static short finalized(FeatureMetadata features) {
    FinalizedVersionRange range = features.finalizedFeatures().get(MetadataRaise.FEATURE);
    return range == null ? 0 : range.maxVersionLevel();
  }

  private static short supported(FeatureMetadata features) {
    SupportedVersionRange range = features.supportedFeatures().get(MetadataRaise.FEATURE);
    return range == null ? 0 : range.maxVersion();
  }
}
