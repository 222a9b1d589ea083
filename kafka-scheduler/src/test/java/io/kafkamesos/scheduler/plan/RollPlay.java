package io.kafkamesos.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** Plays a roll through its ticks in a plan test, the way the scheduler's shell would. */
final class RollPlay {

  private RollPlay() {
  }

  /**
   * Ticks until {@code nodes} restarts were asked for (at most 12 ticks, one restart per tick at
   * most), bringing each node back with {@code relaunch}, then ticks once more.
   *
   * @return the nodes in the order the plan restarted them
   */
  static List<Integer> rollThrough(Supplier<Rollout.Actions> tick, int nodes, IntConsumer relaunch) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 12 && order.size() < nodes; i++) {
      List<Integer> restart = tick.get().restart();
      assertThat(restart).hasSizeLessThanOrEqualTo(1);
      for (int id : restart) {
        order.add(id);
        relaunch.accept(id);
      }
    }
    tick.get();
    return order;
  }
}
