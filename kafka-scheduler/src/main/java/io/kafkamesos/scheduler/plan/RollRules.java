package io.kafkamesos.scheduler.plan;

import java.util.List;
import java.util.Objects;

/**
 * The safety rules of a {@link PhaseDefinition.Roll}: when a node may go down, what a node still
 * lacks before its step is done, and which node goes last. Pure functions of a {@link ClusterView}.
 *
 * @param safety may {@code node} be restarted now ({@link SafetyRule#canRestart} for brokers)
 * @param health what keeps a restarted node from counting as back, "" when nothing does
 * @param last the node that rolls last (the active controller), or -1
 * @param noun how messages name a node of the roll ({@code broker}, {@code controller})
 */
public record RollRules(Safety safety, Health health, Last last, String noun) {

  /** May the node be taken down now, and if not, why. */
  @FunctionalInterface
  public interface Safety {
    Verdict check(int node, ClusterView view);
  }

  /** What a node that runs the spec still lacks before the roll goes on; "" when nothing. */
  @FunctionalInterface
  public interface Health {
    String missing(int node, ClusterView view);
  }

  /** The node to roll last. */
  @FunctionalInterface
  public interface Last {
    int of(ClusterView view);
  }

  public RollRules {
    Objects.requireNonNull(safety);
    Objects.requireNonNull(health);
    Objects.requireNonNull(last);
    Objects.requireNonNull(noun);
  }

  /** Rules of a roll of brokers. */
  public RollRules(Safety safety, Health health, Last last) {
    this(safety, health, last, "broker");
  }

  /** Whether a node back from its restart gets its preferred partition leaderships back (brokers). */
  public boolean electsLeaders() {
    return noun.equals("broker");
  }

  /**
   * Brokers: one down at a time, never below {@code min.insync.replicas} ({@link SafetyRule}); back
   * once registered, in every ISR it belongs to, and no partition under-replicated; the active
   * controller last.
   */
  public static RollRules brokers() {
    return new RollRules(SafetyRule::canRestart, RollRules::brokerMissing, ClusterView::controller);
  }

  static String brokerMissing(int id, ClusterView v) {
    if (!v.registered().contains(id)) {
      return "it is not registered in Kafka yet";
    }
    List<String> lagging = v.laggingOn(id).stream().map(ClusterView.PartitionState::name).toList();
    if (!lagging.isEmpty()) {
      return "it is not yet in the ISR of " + lagging.size() + " partition(s), e.g. " + lagging.get(0);
    }
    long under = v.underReplicated();
    if (under > 0) {
      return under + " partition(s) are under-replicated";
    }
    return "";
  }
}
