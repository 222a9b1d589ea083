package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.offer.HeldReservations;
import io.kafkamesos.scheduler.offer.HeldReservations.Held;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.AbandonedReservation;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cluster's reservations honest: releases (DESTROY + UNRESERVE) the abandoned ones when
 * their agent offers them, and reports reservations labelled with the cluster that no broker owns
 * (orphans) without touching them. Used on the scheduler's thread; {@link #orphans()} from any.
 */
final class ReservationKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(ReservationKeeper.class);
  /** How long after a release an offer without the reservation proves it is all gone. */
  static final Duration RELEASE_SETTLE = Duration.ofSeconds(20);

  private final SchedulerSettings settings;
  private final StateStore store;
  private final MesosCalls mesos;
  private final Clock clock;
  private final List<AbandonedReservation> abandoned = new ArrayList<>();
  private final Map<String, Orphan> orphans = new LinkedHashMap<>();
  /** When each abandoned reservation ({@code agent:broker}) was last released, in this process. */
  private final Map<String, java.time.Instant> releasedAt = new java.util.HashMap<>();
  private volatile List<Orphan> published = List.of();
  private volatile List<AbandonedReservation> publishedAbandoned = List.of();

  ReservationKeeper(SchedulerSettings settings, StateStore store, MesosCalls mesos, Clock clock) {
    this.settings = Objects.requireNonNull(settings);
    this.store = Objects.requireNonNull(store);
    this.mesos = Objects.requireNonNull(mesos);
    this.clock = Objects.requireNonNull(clock);
  }

  void load() {
    abandoned.clear();
    abandoned.addAll(store.abandoned());
    publish();
  }

  /** Gives up the broker's reservation and volume: they are released if their agent offers them. */
  void abandon(BrokerRecord r, String reason) {
    if (r.reservation() == null) {
      return;
    }
    String lastTask = r.reservation().agentId().equals(r.agentId()) ? r.taskId() : null;
    List<AbandonedReservation> next = new ArrayList<>(abandoned);
    next.add(new AbandonedReservation(r.reservation().agentId(), r.reservation().hostname(),
        r.brokerId(), r.reservation().volumeId(), reason, clock.millis(), lastTask));
    store.storeAbandoned(next); // stored before it is acted on
    abandoned.add(next.get(next.size() - 1));
    LOG.warn("Broker {}: reservation and volume {} on {} abandoned ({}); they are destroyed if that "
        + "agent offers them again", r.brokerId(), r.reservation().volumeId(), r.reservation().hostname(),
        reason);
    publish();
  }

  /**
   * An operator's order to destroy an orphan: it becomes abandoned.
   *
   * @return the orphan, or empty when no orphan has that id
   */
  Optional<Orphan> deleteOrphan(String id) {
    Orphan o = orphans.remove(id);
    if (o == null) {
      return Optional.empty();
    }
    List<AbandonedReservation> next = new ArrayList<>(abandoned);
    next.add(new AbandonedReservation(o.agentId(), o.hostname(), o.brokerId(), o.volumeId(),
        "operator deleted orphan " + id, clock.millis()));
    store.storeAbandoned(next); // stored before it is acted on
    abandoned.add(next.get(next.size() - 1));
    LOG.warn("Orphan reservation {} of broker {} on {}: deletion requested by the operator", id,
        o.brokerId(), o.hostname());
    publish();
    return Optional.of(o);
  }

  /** Whether {@code agentId} holds an abandoned reservation of the broker: it must go elsewhere. */
  boolean avoids(String agentId, int brokerId) {
    return abandoned.stream().anyMatch(a -> a.matches(agentId, brokerId));
  }

  /**
   * Looks at this cluster's reservations in the offer: notes orphans, releases the abandoned ones.
   *
   * @return whether the offer was used for a release (then it must not be used for anything else)
   */
  boolean handle(Offer offer, Map<Integer, BrokerRecord> records) {
    List<Offer.Operation> release = new ArrayList<>();
    List<Held> released = new ArrayList<>();
    List<Held> all = HeldReservations.of(offer, settings.role(), settings.frameworkName());
    String agent = offer.getAgentId().getValue();
    // released a while ago, and the agent offers nothing of it any more: none of it is left (a part
    // that was in use then, like an exiting executor's share, would have come back by now)
    java.time.Instant now = clock.instant();
    boolean forgotten = abandoned.removeIf(a -> {
      java.time.Instant at = releasedAt.get(a.agentId() + ":" + a.brokerId());
      return a.agentId().equals(agent) && at != null && !now.isBefore(at.plus(RELEASE_SETTLE))
          && all.stream().noneMatch(h -> h.brokerId() == a.brokerId());
    });
    if (forgotten) {
      store.storeAbandoned(abandoned);
      publish();
    }
    for (Held held : all) {
      switch (HeldReservations.classify(held, records, abandoned)) {
        case ABANDONED -> {
          release.addAll(HeldReservations.release(held));
          released.add(held);
        }
        case ORPHAN -> {
          if (!orphans.containsKey(held.id())) {
            orphans.put(held.id(), new Orphan(held.id(), held.agentId(), held.hostname(), held.brokerId(),
                held.volumeId(), clock.instant().toString()));
            LOG.warn("Orphan reservation {} labelled for broker {} on {}: no broker record owns it; it is "
                + "kept (it may hold data) until DELETE /v1/reservations/{}", held.id(), held.brokerId(),
                held.hostname(), held.id());
            publish();
          }
        }
        default -> orphans.remove(held.id());
      }
    }
    if (release.isEmpty()) {
      return false;
    }
    try {
      mesos.accept(offer.getId(), release, Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.warn("Releasing {} reservations on {} failed: {}; retried on the next offer", released.size(),
          offer.getHostname(), e.getMessage());
      return true;
    }
    for (Held held : released) {
      releasedAt.put(held.agentId() + ":" + held.brokerId(), clock.instant());
      // the entry stays until an offer of the agent shows nothing of it (the executor's share may
      // come free a moment after the task's)
      LOG.info("Broker {}: {}unreserved {} abandoned resources on {}", held.brokerId(),
          held.volumeId() == null ? "" : "destroyed volume " + held.volumeId() + " and ",
          held.resources().size(), held.hostname());
    }
    return true;
  }

  /**
   * The last task on each abandoned reservation's agent, to reconcile with its agent id: Mesos
   * answers TASK_UNKNOWN once the master no longer knows the agent at all.
   */
  Map<String, String> agentsToConfirm() {
    Map<String, String> tasks = new LinkedHashMap<>();
    abandoned.stream().filter(a -> a.taskId() != null).forEach(a -> tasks.put(a.taskId(), a.agentId()));
    return tasks;
  }

  /**
   * A status of some task: when it says that the agent of an abandoned reservation is gone for good
   * (TASK_UNKNOWN on explicit reconciliation: the master removed the agent, e.g. after
   * {@code registry_max_agent_age}; TASK_GONE_BY_OPERATOR: an operator marked it gone), that
   * agent will never offer the reservation again and the entry is dropped.
   */
  void onStatus(TaskStatus status) {
    if (status.getState() != TaskState.TASK_UNKNOWN && status.getState() != TaskState.TASK_GONE_BY_OPERATOR) {
      return;
    }
    String taskId = status.getTaskId().getValue();
    List<AbandonedReservation> gone = abandoned.stream().filter(a -> taskId.equals(a.taskId())).toList();
    if (gone.isEmpty()) {
      return;
    }
    abandoned.removeAll(gone);
    store.storeAbandoned(abandoned);
    for (AbandonedReservation a : gone) {
      LOG.warn("Broker {}: agent {} ({}) is gone from the cluster ({} for task {}); its abandoned "
          + "reservation{} went with it and is no longer waited for", a.brokerId(), a.agentId(),
          a.hostname(), status.getState(), taskId, a.volumeId() == null ? "" : " and volume " + a.volumeId());
    }
    publish();
  }

  /** The orphans offers showed, oldest first. */
  List<Orphan> orphans() {
    return published;
  }

  /** Whether some abandoned reservation waits for its agent to offer it. */
  boolean releasing() {
    return !abandoned.isEmpty();
  }

  /** The abandoned reservations still waiting for their agent. */
  List<AbandonedReservation> abandoned() {
    return publishedAbandoned;
  }

  private void publish() {
    published = List.copyOf(orphans.values());
    publishedAbandoned = List.copyOf(abandoned);
  }
}
