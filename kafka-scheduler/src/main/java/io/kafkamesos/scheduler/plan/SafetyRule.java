package io.kafkamesos.scheduler.plan;

import io.kafkamesos.scheduler.plan.ClusterView.PartitionState;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a broker may be taken down for a restart now. Pure: decided from a {@link ClusterView}.
 *
 * <p>A broker is refused when another broker of the cluster is not registered (one broker down at
 * a time); when it is not registered itself (starting, or recovering its logs); when it is a
 * replica of a partition but not in its ISR (still catching up); or when it is in the ISR of a
 * partition that would then have fewer in-sync replicas than its {@code min.insync.replicas}.
 * A partition with no more replicas than its {@code min.insync.replicas} (one replica, say) cannot
 * stay writable through any restart; it does not block the roll, or no roll could ever finish.
 */
public final class SafetyRule {

  /** Problems named in a refusal; the rest are counted. */
  private static final int NAMED = 3;

  private SafetyRule() {
  }

  public static Verdict canRestart(int broker, ClusterView view) {
    List<Integer> othersDown = view.brokers().stream()
        .filter(id -> id != broker && !view.registered().contains(id))
        .toList();
    if (!othersDown.isEmpty()) {
      return Verdict.refuse("broker " + broker + " waits: broker" + (othersDown.size() > 1 ? "s " : " ")
          + join(othersDown.stream().map(String::valueOf).toList()) + " not registered in Kafka"
          + " (only one broker may be down at a time)");
    }
    if (!view.registered().contains(broker)) {
      return Verdict.refuse("broker " + broker + " waits: it is not registered in Kafka (starting,"
          + " or recovering its logs)");
    }
    List<String> lagging = view.laggingOn(broker).stream().map(PartitionState::name).toList();
    if (!lagging.isEmpty()) {
      return Verdict.refuse("broker " + broker + " waits: it is not yet in the ISR of "
          + join(lagging) + " (still catching up)");
    }
    List<String> belowMin = new ArrayList<>();
    for (PartitionState p : view.partitions()) {
      if (p.isr().contains(broker) && p.replicas().size() > p.minInsync()
          && p.isr().size() - 1 < p.minInsync()) {
        belowMin.add(p.name() + " (ISR " + p.isr() + ", min.insync.replicas=" + p.minInsync() + ")");
      }
    }
    if (!belowMin.isEmpty()) {
      return Verdict.refuse("broker " + broker + " waits: restarting it would leave "
          + join(belowMin) + " below min.insync.replicas");
    }
    return Verdict.allow();
  }

  private static String join(List<String> items) {
    if (items.size() <= NAMED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, NAMED)) + " and " + (items.size() - NAMED) + " more";
  }
}
