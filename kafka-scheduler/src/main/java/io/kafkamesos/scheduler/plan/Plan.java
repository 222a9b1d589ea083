package io.kafkamesos.scheduler.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What should happen next: brokers to launch as soon as an offer fits, brokers waiting out a
 * relaunch backoff (until when), and broker tasks to kill for a restart.
 */
public record Plan(List<Integer> launch, SortedMap<Integer, Instant> backoff, List<Integer> kill) {

  public Plan {
    launch = List.copyOf(launch);
    backoff = new TreeMap<>(backoff);
    kill = List.copyOf(kill);
  }

  /** Whether any broker wants offers now or soon. */
  public boolean wantsOffers() {
    return !launch.isEmpty() || !backoff.isEmpty();
  }

  public static Plan of(List<Integer> launch, Map<Integer, Instant> backoff, List<Integer> kill) {
    return new Plan(launch, new TreeMap<>(backoff), kill);
  }
}
