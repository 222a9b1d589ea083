package io.kafkamesos.scheduler.security;

import io.kafkamesos.scheduler.state.PlanProgress;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The listeners of a cluster whose TLS was switched on while it ran, as the live plan says
 * ({@link SwitchOn}): what each broker is launched with, which listener the scheduler's clients
 * use and which ones {@code /v1/connection} lists. During the switch's plan the stages come from
 * the two security options it keeps; once it is done (and in every later target) every broker is
 * at the target's listeners. Reads only the plan's progress, so it answers on any thread.
 */
public final class SwitchedListeners {

  private final ListenerTarget from;
  private final List<ListenerPlan.Stage> stages;
  private final Supplier<PlanProgress> progress;
  private final int brokerCount;

  /**
   * @param from what the brokers ran before the plan's stages
   * @param stages the plan's stages (none once the switch is done)
   * @param progress the plan's progress as of now
   * @param brokerCount the brokers of the cluster (ids 0 to {@code brokerCount - 1})
   */
  public SwitchedListeners(ListenerTarget from, List<ListenerPlan.Stage> stages,
      Supplier<PlanProgress> progress, int brokerCount) {
    this.from = Objects.requireNonNull(from);
    this.stages = List.copyOf(stages);
    this.progress = Objects.requireNonNull(progress);
    this.brokerCount = brokerCount;
  }

  /** What broker {@code id} runs, or is to be launched with, now. */
  public ListenerTarget targetOf(int id) {
    return SwitchOn.brokerTarget(from, stages, progress.get(), id);
  }

  /** The listener the scheduler's own clients use now ({@link SwitchOn#schedulerListener}). */
  public Listener schedulerListener() {
    return SwitchOn.schedulerListener(brokers());
  }

  /** The client listeners {@code /v1/connection} lists now ({@link SwitchOn#clientListeners}). */
  public List<Listener> clientListeners() {
    return SwitchOn.clientListeners(brokers());
  }

  private List<ListenerTarget> brokers() {
    PlanProgress now = progress.get();
    return IntStream.range(0, brokerCount)
        .mapToObj(id -> SwitchOn.brokerTarget(from, stages, now, id)).toList();
  }
}
