package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.KraftState;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KRaft side of a node's next launch, as a pure function of the cluster's {@link KraftState},
 * its layout and the records: the quorum it is told (every voter of a static quorum; the controllers
 * to bootstrap from in a dynamic one), and how its empty storage is to be formatted.
 *
 * <p>Voters are addressed by the host and port reserved with their volumes, the same on every
 * relaunch. Every node of a static quorum and every initial controller of a dynamic one must be
 * told the same voters, so the controllers of a new cluster first reserve their resources (and
 * ports), and none launches before all have: {@link Outcome#RESERVE} then {@link Outcome#WAIT}.
 * The first launch of an initial controller freezes the initial voter set in the state
 * ({@link Decision#bootstrap}). Later, a controller that is no longer on its initial volume (it was
 * replaced) joins the running quorum as an observer instead ({@link KraftSpec.Format#JOIN}), and
 * the scheduler adds it as a voter.
 */
public final class QuorumSpecs {

  /** What a node's next launch may do. */
  public enum Outcome {
    /** Launch with {@link Decision#spec}. */
    LAUNCH,
    /** Reserve its resources, port and volume, but do not launch yet. */
    RESERVE,
    /** Neither: wait for {@link Decision#reason}. */
    WAIT
  }

  /**
   * @param spec the KRaft spec to launch with ({@link Outcome#LAUNCH} only)
   * @param reason why it does not launch yet (else empty)
   * @param bootstrap the initial voter set to keep once this launch is under way (the first launch
   *     of an initial controller of a new dynamic quorum); else empty
   */
  public record Decision(Outcome outcome, KraftSpec spec, String reason,
      List<KraftState.InitialVoter> bootstrap) {
    public Decision {
      Objects.requireNonNull(outcome);
      reason = reason == null ? "" : reason;
      bootstrap = List.copyOf(bootstrap);
    }

    static Decision launch(KraftSpec spec) {
      return new Decision(Outcome.LAUNCH, spec, "", List.of());
    }

    static Decision reserve(String reason) {
      return new Decision(Outcome.RESERVE, null, reason, List.of());
    }

    static Decision waitFor(String reason) {
      return new Decision(Outcome.WAIT, null, reason, List.of());
    }
  }

  private QuorumSpecs() {
  }

  /**
   * @param nodeId the node to launch
   * @param state the cluster's KRaft state
   * @param records every node's record, by id (the controllers' reservations give the quorum)
   */
  public static Decision next(int nodeId, ClusterLayout layout, KraftState state,
      Map<Integer, BrokerRecord> records) {
    NodeKind kind = layout.kindOf(nodeId);
    List<Voter> endpoints = new ArrayList<>();
    List<Integer> unreserved = new ArrayList<>();
    for (int id : layout.controllerIds()) {
      Reservation r = reservation(records.get(id));
      if (r == null) {
        unreserved.add(id);
      } else {
        endpoints.add(new Voter(id, r.hostname(), r.port()));
      }
    }
    String who = kind.describe(nodeId);
    if (state.quorum() == QuorumMode.STATIC) {
      if (!unreserved.isEmpty()) {
        return notAllReserved(kind, who, records.get(nodeId), unreserved, layout,
            "a static quorum's voters are fixed before any node starts");
      }
      return Decision.launch(new KraftSpec(state.clusterId(), QuorumMode.STATIC, endpoints,
          KraftSpec.Format.PLAIN, "", 0));
    }
    if (kind != NodeKind.CONTROLLER) {
      if (endpoints.isEmpty()) {
        return Decision.waitFor(who + " waits: no controller has its resources yet");
      }
      return Decision.launch(new KraftSpec(state.clusterId(), QuorumMode.DYNAMIC, endpoints,
          KraftSpec.Format.PLAIN, "", 0));
    }
    Reservation own = reservation(records.get(nodeId));
    if (!state.bootstrapped()) {
      if (!unreserved.isEmpty()) {
        return notAllReserved(kind, who, records.get(nodeId), unreserved, layout,
            "the initial controllers are formatted with the same voters, host and port of each");
      }
      List<KraftState.InitialVoter> initial = new ArrayList<>();
      for (int id : layout.controllerIds()) {
        Reservation r = reservation(records.get(id));
        String dir = state.directoryIds().get(id);
        if (dir == null) {
          return Decision.waitFor(who + " waits: the cluster's state has no directory id for"
              + " controller " + id);
        }
        initial.add(new KraftState.InitialVoter(id, r.hostname(), r.port(), dir, r.volumeId()));
      }
      KraftState frozen = state.bootstrappedWith(initial);
      return new Decision(Outcome.LAUNCH, new KraftSpec(state.clusterId(), QuorumMode.DYNAMIC,
          endpoints, KraftSpec.Format.INITIAL, frozen.initialControllers(), 0), "", initial);
    }
    boolean initialVolume = own != null && state.initialVoter(nodeId)
        .filter(v -> v.volumeId().equals(own.volumeId())).isPresent();
    if (initialVolume) {
      return Decision.launch(new KraftSpec(state.clusterId(), QuorumMode.DYNAMIC, endpoints,
          KraftSpec.Format.INITIAL, state.initialControllers(), 0));
    }
    List<Voter> others = endpoints.stream().filter(v -> v.nodeId() != nodeId).toList();
    if (others.isEmpty()) {
      return Decision.waitFor(who + " waits: it would join the quorum, but no other controller has"
          + " its resources to bootstrap from");
    }
    return Decision.launch(new KraftSpec(state.clusterId(), QuorumMode.DYNAMIC, others,
        KraftSpec.Format.JOIN, "", 0));
  }

  private static Decision notAllReserved(NodeKind kind, String who, BrokerRecord own,
      List<Integer> unreserved, ClusterLayout layout, String why) {
    String text = who + " waits: " + why + "; " + (layout.controllerCount() - unreserved.size())
        + " of " + layout.controllerCount() + " controllers have their resources reserved (not yet: "
        + String.join(", ", unreserved.stream().map(String::valueOf).toList()) + ")";
    if (kind == NodeKind.CONTROLLER && reservation(own) == null) {
      return Decision.reserve(text);
    }
    return Decision.waitFor(text);
  }

  private static Reservation reservation(BrokerRecord r) {
    return r == null ? null : r.reservation();
  }
}
