package io.kafkamesos.scheduler.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A plan as data: the ordered phases that bring the cluster to a target, and the specs the plan
 * knows (its own, and what the nodes ran before it). {@link Plans} builds the plans of the
 * scheduler; {@link Rollout} runs one. Immutable.
 *
 * @param targetId the target the plan rolls out
 * @param phases the phases in order (names unique)
 * @param knownSpecs specs by id: every {@link PhaseDefinition.Roll}'s, and those nodes ran before
 */
public record PlanDefinition(String targetId, List<PhaseDefinition> phases,
    Map<String, NodeSpec> knownSpecs) {

  public PlanDefinition {
    Objects.requireNonNull(targetId);
    phases = List.copyOf(phases);
    Set<String> names = new HashSet<>();
    for (PhaseDefinition p : phases) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("two phases named " + p.name());
      }
    }
    Map<String, NodeSpec> all = new LinkedHashMap<>(knownSpecs);
    rolls(phases).forEach(r -> all.put(r.spec().id(), r.spec()));
    knownSpecs = java.util.Collections.unmodifiableMap(all);
  }

  /** The roll phases, in order. */
  public List<PhaseDefinition.Roll> rolls() {
    return rolls(phases);
  }

  private static List<PhaseDefinition.Roll> rolls(List<PhaseDefinition> phases) {
    List<PhaseDefinition.Roll> rolls = new ArrayList<>();
    phases.forEach(p -> {
      if (p instanceof PhaseDefinition.Roll r) {
        rolls.add(r);
      }
    });
    return rolls;
  }

  public Optional<PhaseDefinition> phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The spec of the last roll, what every node runs once the plan is done. */
  public NodeSpec finalSpec() {
    List<PhaseDefinition.Roll> rolls = rolls();
    if (rolls.isEmpty()) {
      throw new IllegalStateException("a plan without a roll phase has no spec");
    }
    return rolls.get(rolls.size() - 1).spec();
  }
}
