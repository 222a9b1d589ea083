package io.kafkamesos.scheduler.offer;

import io.kafkamesos.scheduler.state.AbandonedReservation;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * The reservations of this cluster an offer carries, per broker, and what each is to the
 * scheduler: the broker's own, abandoned (release it), or unknown (an orphan: report it, never
 * destroy it by inference). Pure.
 */
public final class HeldReservations {

  /** What a reservation is to the scheduler. */
  public enum Kind {
    /** The broker's record holds it, or the broker may adopt it (it holds none). */
    OWNED,
    /** Abandoned on purpose: DESTROY its volume and UNRESERVE it. */
    ABANDONED,
    /** Labelled with this cluster but matching no record: reported, kept. */
    ORPHAN
  }

  /**
   * One broker's reservation on one agent.
   *
   * @param volumeId the persistence id of its volume, or null
   * @param resources every resource of the offer reserved for the broker
   */
  public record Held(String agentId, String hostname, int brokerId, String volumeId,
      List<Resource> resources) {

    public Held {
      resources = List.copyOf(resources);
    }

    /** The id the orphan listing and {@code DELETE /v1/reservations/{id}} use. */
    public String id() {
      return volumeId != null ? volumeId : agentId + ":" + brokerId;
    }
  }

  private HeldReservations() {
  }

  /** This cluster's reservations in {@code offer}, by broker id. */
  public static List<Held> of(Offer offer, String role, String frameworkName) {
    Map<Integer, List<Resource>> byBroker = new LinkedHashMap<>();
    Map<Integer, String> volumes = new LinkedHashMap<>();
    for (Resource r : offer.getResourcesList()) {
      int broker = Reservations.reservedBroker(r, role, frameworkName);
      if (broker < 0) {
        continue;
      }
      byBroker.computeIfAbsent(broker, b -> new ArrayList<>()).add(r);
      if (r.hasDisk() && r.getDisk().hasPersistence()) {
        volumes.put(broker, r.getDisk().getPersistence().getId());
      }
    }
    List<Held> held = new ArrayList<>();
    byBroker.forEach((broker, resources) -> held.add(new Held(offer.getAgentId().getValue(),
        offer.getHostname(), broker, volumes.get(broker), resources)));
    return held;
  }

  /**
   * @param records the broker records, by id
   * @param abandoned what the cluster gave up
   */
  public static Kind classify(Held held, Map<Integer, BrokerRecord> records,
      List<AbandonedReservation> abandoned) {
    BrokerRecord r = records.get(held.brokerId());
    if (r != null && r.state() != BrokerState.REMOVED && r.reservation() != null
        && r.reservation().agentId().equals(held.agentId()) && held.volumeId() != null
        && r.reservation().volumeId().equals(held.volumeId())) {
      return Kind.OWNED; // a volume a broker record holds is never released, whatever else says so
    }
    for (AbandonedReservation a : abandoned) {
      if (a.matches(held.agentId(), held.brokerId())
          && (a.volumeId() == null || held.volumeId() == null || a.volumeId().equals(held.volumeId()))) {
        return Kind.ABANDONED;
      }
    }
    if (r == null || r.state() == BrokerState.REMOVED) {
      return Kind.ORPHAN;
    }
    if (r.reservation() == null) {
      // a broker without a reservation takes its own labelled volume back: adopting keeps data
      return r.state().hasLiveTask() ? Kind.ORPHAN : Kind.OWNED;
    }
    boolean same = r.reservation().agentId().equals(held.agentId())
        && (held.volumeId() == null || r.reservation().volumeId().equals(held.volumeId()));
    return same ? Kind.OWNED : Kind.ORPHAN;
  }

  /** DESTROY the volume (if any), then UNRESERVE everything, in one ACCEPT. */
  public static List<Offer.Operation> release(Held held) {
    List<Offer.Operation> ops = new ArrayList<>();
    List<Resource> unreserve = new ArrayList<>();
    for (Resource r : held.resources()) {
      if (r.hasDisk() && r.getDisk().hasPersistence()) {
        ops.add(Offer.Operation.newBuilder()
            .setType(Offer.Operation.Type.DESTROY)
            .setDestroy(Offer.Operation.Destroy.newBuilder().addVolumes(r))
            .build());
        unreserve.add(r.toBuilder().clearDisk().build());
      } else {
        unreserve.add(r);
      }
    }
    ops.add(Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.UNRESERVE)
        .setUnreserve(Offer.Operation.Unreserve.newBuilder().addAllResources(unreserve))
        .build());
    return ops;
  }
}
