package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far a plan got, as stored: enough to resume it after a scheduler failover without restarting
 * a broker that already runs its step's spec, and without forgetting what the operator decided.
 *
 * @param interrupted whether the operator interrupted it
 * @param passedGates the gates that let the plan on (by phase name)
 * @param startedPhases the phases that started a step (a phase that cannot be undone stays so)
 * @param completePhases the phases done
 * @param steps every step that left PENDING, by step id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanProgress(boolean interrupted, Set<String> passedGates, Set<String> startedPhases,
    Set<String> completePhases, Map<String, StepRecord> steps) {

  public static final PlanProgress NONE = new PlanProgress(false, Set.of(), Set.of(), Set.of(), Map.of());

  public PlanProgress {
    passedGates = passedGates == null ? Set.of() : new TreeSet<>(passedGates);
    startedPhases = startedPhases == null ? Set.of() : new TreeSet<>(startedPhases);
    completePhases = completePhases == null ? Set.of() : new TreeSet<>(completePhases);
    steps = steps == null ? Map.of() : new TreeMap<>(steps);
  }

  /**
   * One step that left PENDING.
   *
   * @param status IN_PROGRESS, COMPLETE, ERROR or WAITING (a gate)
   * @param message why it is in ERROR, or what it did (the messages of steps under way are not
   *     kept: they change all the time)
   * @param startedMillis when it started (its timeout counts from then)
   * @param taskAtStart the task it restarted, or null
   * @param failuresAtStart its broker's failures in a row when it started
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StepRecord(String status, String message, long startedMillis, String taskAtStart,
      int failuresAtStart) {
    public StepRecord {
      Objects.requireNonNull(status);
    }
  }
}
