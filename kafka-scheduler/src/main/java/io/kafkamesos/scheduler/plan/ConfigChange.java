package io.kafkamesos.scheduler.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a wanted configuration differs from the current target, and what that means.
 *
 * @param changes one line per changed variable ({@code BROKER_HEAP_MB: 256 -> 384})
 * @param refusals why the wanted configuration cannot become the target; empty when it can
 * @param restartNeeded whether nodes (brokers, or a KRaft cluster's controllers) must restart to take it
 * @param addedBrokers the broker ids it adds
 * @param dynamicSet broker properties to set at run time (changed or new)
 * @param dynamicRemoved broker properties to remove at run time (no longer overridden)
 */
public record ConfigChange(List<String> changes, List<String> refusals, boolean restartNeeded,
    List<Integer> addedBrokers, Map<String, String> dynamicSet, Set<String> dynamicRemoved) {

  public ConfigChange {
    changes = List.copyOf(changes);
    refusals = List.copyOf(refusals);
    addedBrokers = List.copyOf(addedBrokers);
    dynamicSet = new TreeMap<>(dynamicSet);
    dynamicRemoved = new TreeSet<>(dynamicRemoved);
  }

  public boolean refused() {
    return !refusals.isEmpty();
  }

  /** Nothing differs. */
  public boolean none() {
    return changes.isEmpty() && refusals.isEmpty();
  }

  /** A refusal as one line. */
  public String refusalText() {
    return String.join("; ", refusals);
  }
}
