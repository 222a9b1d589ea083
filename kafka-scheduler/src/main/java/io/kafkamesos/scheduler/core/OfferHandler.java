package io.kafkamesos.scheduler.core;

import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.scheduler.kraft.QuorumSpecs;
import io.kafkamesos.scheduler.offer.BrokerNeed;
import io.kafkamesos.scheduler.offer.OfferDecision;
import io.kafkamesos.scheduler.offer.OfferEvaluator;
import io.kafkamesos.scheduler.offer.Placement;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.plan.Plan;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.StateStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns offers into launches: hands each offer to the {@link ReservationKeeper} first, asks the
 * {@link OfferEvaluator} where the nodes the plan launches fit (with, in KRaft, what
 * {@link QuorumSpecs} says of each: its quorum and storage format, or that it only reserves, or
 * waits), stores the launches, then accepts (or declines) through Mesos. Owns why each waiting node
 * did not launch yet, and which of those reasons were logged. Used on the scheduler's thread.
 */
final class OfferHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OfferHandler.class);
  /** Offers we could use later come back soon; offers we do not need stay away longer. */
  static final Duration REFUSE_WHILE_WAITING = Duration.ofSeconds(5);
  static final Duration REFUSE_WHEN_IDLE = Duration.ofSeconds(30);

  private final SchedulerSettings settings;
  private final BrokerRecords records;
  private final OfferEvaluator evaluator;
  private final ReservationKeeper keeper;
  private final MesosCalls mesos;
  private final SchedulerMetrics metrics;
  /** Rolls out the target configuration: each launch runs its target. */
  private final PlanCoordinator coordinator;
  private final KraftContext kraft;
  /** What each need of the current offers was told (KRaft only): a bootstrap to keep on launch. */
  private final Map<Integer, QuorumSpecs.Decision> decisions = new HashMap<>();
  private final Map<Integer, String> waitReasons = new TreeMap<>();
  /** Reasons already logged for each waiting broker: offers come every few seconds, logs should not. */
  private final Map<Integer, Set<String>> loggedReasons = new HashMap<>();
  /**
   * At most this many different reasons are logged per waiting node until it launches: a reason
   * names the offer's host, and with many agents each node would otherwise log (and keep) one line
   * per agent. The latest reason is always in {@link #waitReasons}, which the status page and the
   * brokers health check show.
   */
  static final int MAX_LOGGED_REASONS = 5;

  OfferHandler(SchedulerSettings settings, BrokerRecords records, OfferEvaluator evaluator,
      ReservationKeeper keeper, MesosCalls mesos, SchedulerMetrics metrics, PlanCoordinator coordinator,
      KraftContext kraft) {
    this.kraft = Objects.requireNonNull(kraft);
    this.settings = Objects.requireNonNull(settings);
    this.records = Objects.requireNonNull(records);
    this.evaluator = Objects.requireNonNull(evaluator);
    this.keeper = Objects.requireNonNull(keeper);
    this.mesos = Objects.requireNonNull(mesos);
    this.metrics = Objects.requireNonNull(metrics);
    this.coordinator = Objects.requireNonNull(coordinator);
  }

  /**
   * Uses the offers of one OFFERS event for the brokers {@code plan} launches, in one pass: every
   * waiting node is tried on every offer, each offer that hosts some is accepted at once, and what
   * is left is declined together at the end (one DECLINE call, with the filter of the state after
   * the whole event). An offer is never kept: when the state store cannot be written (ZooKeeper
   * down), nothing is launched and every offer goes back to Mesos, to come again once the store
   * answers.
   */
  void handle(List<Offer> offers, FrameworkID frameworkId, Plan plan) {
    List<BrokerNeed> needs;
    try {
      needs = needs(plan);
    } catch (StateStoreException e) {
      declineAll(offers, e);
      return;
    }
    Map<Integer, String> occupied = occupiedHosts();
    Set<Integer> plaintextPorts = plaintextPorts();
    List<Offer> unused = new ArrayList<>();
    for (int i = 0; i < offers.size(); i++) {
      try {
        if (!handle(offers.get(i), frameworkId, needs, occupied, plaintextPorts)) {
          unused.add(offers.get(i));
        }
      } catch (StateStoreException e) {
        unused.addAll(offers.subList(i, offers.size()));
        declineAll(unused, e);
        return;
      }
    }
    if (!unused.isEmpty()) {
      // not needed, or Mesos refused the launch: hand the offers back either way
      mesos.decline(unused.stream().map(Offer::getId).toList(),
          needs.isEmpty() ? REFUSE_WHEN_IDLE : REFUSE_WHILE_WAITING);
    }
  }

  /** Answers whether the offer was used (accepted, or used to release reservations). */
  private boolean handle(Offer offer, FrameworkID frameworkId, List<BrokerNeed> needs,
      Map<Integer, String> occupied, Set<Integer> plaintextPorts) {
    if (keeper.handle(offer, records.asMap())) {
      return true; // used to release abandoned reservations; what is left comes back in a new offer
    }
    String agent = offer.getAgentId().getValue();
    List<BrokerNeed> fit = needs.stream().filter(n -> !keeper.avoids(agent, n.brokerId())).toList();
    OfferDecision decision = evaluator.evaluate(offer, frameworkId, fit, occupied, plaintextPorts);
    decision.unplaced().forEach(this::noteWaiting);
    if (decision.accepts() && launch(offer, decision, needs)) {
      Set<Integer> placed = new HashSet<>();
      for (Placement p : decision.placements()) {
        placed.add(p.brokerId());
        occupied.put(p.brokerId(), p.hostname());
        waitReasons.remove(p.brokerId());
      }
      needs.removeIf(n -> placed.contains(n.brokerId()));
      return true;
    }
    LOG.debug("Declining offer {} from {}: {}", offer.getId().getValue(), offer.getHostname(),
        decision.declineReason());
    return false;
  }

  private void declineAll(List<Offer> offers, StateStoreException cause) {
    LOG.warn("Declining {} offers: the state store cannot be written ({}); launches wait for it",
        offers.size(), cause.getMessage());
    mesos.decline(offers.stream().map(Offer::getId).toList(), REFUSE_WHILE_WAITING);
  }

  /** Forgets the reasons of brokers that no longer wait to launch; answers those of the others. */
  Map<Integer, String> waitReasons(Collection<Integer> launching) {
    waitReasons.keySet().removeIf(id -> !launching.contains(id));
    loggedReasons.keySet().removeIf(id -> !launching.contains(id));
    return waitReasons;
  }

  private List<BrokerNeed> needs(Plan plan) {
    List<BrokerNeed> needs = new ArrayList<>();
    decisions.clear();
    for (int id : plan.launch()) {
      BrokerRecord r = records.withNextTaskId(id);
      NodeKind kind = r.kind();
      var reservation = settings.persistentVolumesOf(kind) ? r.reservation() : null;
      // a controller runs the target's own settings; a broker the spec its plan gives it
      // (during a migration to KRaft, a controller runs in migration mode until finalised)
      NodeSpec spec = kind == NodeKind.CONTROLLER ? coordinator.controllerSpecFor(id)
          : coordinator.specFor(id, r);
      // a broker whose spec is in ZooKeeper mode (a migration not past its dual-write) launches
      // as a ZooKeeper-mode broker, without a quorum of its own to format for
      if (kraft.state().isEmpty() || (kind == NodeKind.BROKER && !spec.settings().isKraft())) {
        needs.add(new BrokerNeed(id, r.nextTaskId(), reservation, r.port(), spec));
        continue;
      }
      QuorumSpecs.Decision decision = QuorumSpecs.next(id, records.layout(), kraft.state().get(),
          records.asMap());
      switch (decision.outcome()) {
        case WAIT -> noteWaiting(id, decision.reason());
        case RESERVE -> {
          noteWaiting(id, decision.reason());
          needs.add(new BrokerNeed(id, r.nextTaskId(), reservation, r.port(), spec, kind, null, true));
        }
        case LAUNCH -> {
          decisions.put(id, decision);
          needs.add(new BrokerNeed(id, r.nextTaskId(), reservation, r.port(), spec, kind,
              decision.spec(), false));
        }
      }
    }
    return needs;
  }

  /** Notes why nodes the plan holds back (the quorum first) do not launch. */
  void held(Map<Integer, String> reasons) {
    reasons.forEach(this::noteWaiting);
  }

  /**
   * Every broker's recorded port: where its PLAINTEXT listener is, or was, for the clients and
   * brokers that know it. On a cluster whose TLS was switched on while it ran no TLS listener may
   * take one of them (a plaintext client that reached a TLS port would run out of heap).
   */
  private Set<Integer> plaintextPorts() {
    Set<Integer> ports = new HashSet<>();
    for (BrokerRecord r : records.values()) {
      if (r.kind() == NodeKind.BROKER && r.port() > 0) {
        ports.add(r.port());
      }
    }
    return ports;
  }

  /** The host each node holds: where its task lives, or (on a volume) where its volume is. */
  private Map<Integer, String> occupiedHosts() {
    Map<Integer, String> hosts = new HashMap<>();
    for (BrokerRecord r : records.values()) {
      if (r.state() == BrokerState.REMOVED) {
        continue;
      }
      if (r.state().hasLiveTask() && r.hostname() != null) {
        hosts.put(r.brokerId(), r.hostname());
      } else if (settings.persistentVolumesOf(r.kind()) && r.reservation() != null) {
        hosts.put(r.brokerId(), r.reservation().hostname());
      }
    }
    return hosts;
  }

  /** Stores the launches, then accepts; answers whether Mesos took the call. */
  private boolean launch(Offer offer, OfferDecision decision, List<BrokerNeed> needs) {
    Map<Integer, NodeSpec> specs = new HashMap<>();
    needs.forEach(n -> specs.put(n.brokerId(), n.spec()));
    Map<Integer, BrokerRecord> before = new HashMap<>();
    for (Placement p : decision.placements()) {
      BrokerRecord r = records.get(p.brokerId());
      before.put(p.brokerId(), r);
      String who = Character.toUpperCase(r.describe().charAt(0)) + r.describe().substring(1);
      if (!p.launched()) {
        records.save(r.withReservation(p.reservation()));
        LOG.info("{}: reserved its resources, port {} and volume {} on {}; it launches once every"
            + " controller has its own", who, p.port(), p.reservation().volumeId(), p.hostname());
        continue;
      }
      QuorumSpecs.Decision quorum = decisions.get(p.brokerId());
      if (quorum != null && !quorum.bootstrap().isEmpty()) {
        // before the launch: every initial controller must format with this same voter set
        kraft.bootstrapped(quorum.bootstrap());
      }
      NodeSpec spec = specs.get(p.brokerId());
      String configId = r.kind() == NodeKind.CONTROLLER ? spec.settings().controllerConfigId()
          : spec.id();
      records.save(r.launched(p.taskId(), p.agentId(), p.hostname(), p.port(), p.reservation(),
          configId, coordinator.targetId()).withKafkaVersion(spec.version().version()));
      LOG.info("{}: launching task {} on {} port {}{} with {}{}", who, p.taskId(), p.hostname(),
          p.port(), p.reservation() == null ? "" : " with volume " + p.reservation().volumeId(),
          spec.describe(),
          quorum == null ? "" : " (" + quorum.spec().format().name().toLowerCase(java.util.Locale.ROOT)
              + " storage format, " + quorum.spec().quorum().name().toLowerCase(java.util.Locale.ROOT)
              + " quorum " + quorum.spec().bootstrapServers() + ")");
    }
    try {
      mesos.accept(offer.getId(), decision.operations(), REFUSE_WHILE_WAITING);
      metrics.launches.inc(decision.placements().size());
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Mesos refused the launch on offer {} ({}): {}", offer.getId().getValue(),
          offer.getHostname(), e.getMessage());
      for (Placement p : decision.placements()) {
        BrokerRecord r = before.get(p.brokerId());
        records.save(r.withNextTaskId(records.freshTaskId(p.brokerId())));
        noteWaiting(p.brokerId(), r.describe() + " launch refused: " + e.getMessage());
      }
      return false;
    }
  }

  private void noteWaiting(int brokerId, String reason) {
    waitReasons.put(brokerId, reason);
    Set<String> logged = loggedReasons.computeIfAbsent(brokerId, id -> new HashSet<>());
    if (logged.size() > MAX_LOGGED_REASONS || logged.contains(reason)) {
      return;
    }
    String who = records.kindOf(brokerId).describe(brokerId);
    logged.add(reason);
    if (logged.size() <= MAX_LOGGED_REASONS) {
      LOG.info("{} cannot launch yet: {}", who, reason);
    } else {
      LOG.info("{} cannot launch yet: {} (its {}th reason: further ones are not logged until it"
          + " launches; the status page and the brokers health check show the latest)", who, reason,
          logged.size());
    }
  }
}
