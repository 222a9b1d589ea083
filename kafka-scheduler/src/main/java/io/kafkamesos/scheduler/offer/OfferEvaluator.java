package io.kafkamesos.scheduler.offer;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.scheduler.settings.PlacementStrategy;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Decides what one offer is good for: which waiting brokers it can host and with which operations
 * (RESERVE + CREATE + LAUNCH with persistent volumes, LAUNCH without), or why it is declined. Pure:
 * no I/O, the same inputs give the same decision (but for fresh volume ids).
 *
 * <p>Rules: a broker needs its cpus, mem and disk plus one port, and the executor's cpus and mem
 * beside; with {@code pv} a broker that holds a reservation only runs on the agent that holds it;
 * with {@code NODE} no host gets a second broker of the cluster.
 */
public final class OfferEvaluator {

  private final SchedulerSettings settings;
  private final TaskInfoFactory tasks;

  public OfferEvaluator(SchedulerSettings settings, TaskInfoFactory tasks) {
    this.settings = Objects.requireNonNull(settings);
    this.tasks = Objects.requireNonNull(tasks);
  }

  /**
   * @param offer the offer
   * @param frameworkId the framework's id, for the executor
   * @param needs the brokers waiting for a launch, in the order they should be served
   * @param occupiedHosts the host each other broker of the cluster occupies (a live task, or a
   *     reservation with {@code pv}), by broker id
   */
  public OfferDecision evaluate(Offer offer, FrameworkID frameworkId, List<BrokerNeed> needs,
      Map<Integer, String> occupiedHosts) {
    if (needs.isEmpty()) {
      return OfferDecision.decline(offer, "no broker is waiting for resources", Map.of());
    }
    OfferPool pool = OfferPool.of(offer, settings.role(), settings.frameworkName());
    Map<Integer, String> hosts = new HashMap<>(occupiedHosts);
    List<Offer.Operation> operations = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    Map<Integer, String> unplaced = new LinkedHashMap<>();
    for (BrokerNeed need : needs) {
      String refusal = place(offer, frameworkId, need, pool, hosts, operations, placements);
      if (refusal != null) {
        unplaced.put(need.brokerId(), refusal);
      } else {
        hosts.put(need.brokerId(), offer.getHostname());
      }
    }
    if (placements.isEmpty()) {
      return OfferDecision.decline(offer, String.join("; ", unplaced.values()), unplaced);
    }
    return new OfferDecision(offer.getId(), offer.getHostname(), operations, placements, unplaced, null);
  }

  /** Places one broker on the offer, or answers why not. */
  private String place(Offer offer, FrameworkID frameworkId, BrokerNeed need, OfferPool pool,
      Map<Integer, String> hosts, List<Offer.Operation> operations, List<Placement> placements) {
    int id = need.brokerId();
    String agent = offer.getAgentId().getValue();
    Reservation held = need.reservation();
    if (settings.persistentVolumes() && held != null && !held.agentId().equals(agent)) {
      return "broker " + id + " waits for an offer from agent " + held.agentId() + " (" + held.hostname()
          + ") which holds its persistent volume";
    }
    boolean boundHere = held != null;
    if (!boundHere && settings.placement() == PlacementStrategy.NODE) {
      for (Map.Entry<Integer, String> e : hosts.entrySet()) {
        if (e.getKey() != id && offer.getHostname().equals(e.getValue())) {
          return "broker " + id + " waits for an offer: NODE placement needs a host without a broker, and "
              + offer.getHostname() + " has broker " + e.getKey();
        }
      }
    }
    SchedulerSettings.BrokerResources want = settings.broker();
    double cpus = want.cpus() + settings.executorCpus();
    double mem = want.memMb() + settings.executorMemMb();
    double disk = want.diskMb();
    if (!settings.persistentVolumes()) {
      return launchUnreserved(offer, frameworkId, need, pool.unreserved, pool, cpus, mem, disk,
          operations, placements);
    }
    OfferPool.Pool reserved = pool.reserved.get(id);
    if (reserved != null && !reserved.isEmpty()) {
      return launchReserved(offer, frameworkId, need, reserved, pool, operations, placements);
    }
    return reserveAndLaunch(offer, frameworkId, need, pool, cpus, mem, disk, operations, placements);
  }

  private String launchUnreserved(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      OfferPool.Pool from, OfferPool pool, double cpus, double mem, double disk,
      List<Offer.Operation> operations, List<Placement> placements) {
    OptionalInt port = from.choosePort(need.preferredPort());
    if (!from.has(cpus, mem, disk) || port.isEmpty()) {
      return lacks(need.brokerId(), offer, cpus, mem, disk, from);
    }
    from.take(cpus, mem, disk, port.getAsInt());
    List<ReservationInfo> none = List.of();
    List<Resource> taskResources = List.of(
        Resources.scalar(Resources.CPUS, settings.broker().cpus(), none, pool.allocation),
        Resources.scalar(Resources.MEM, settings.broker().memMb(), none, pool.allocation),
        Resources.scalar(Resources.DISK, disk, none, pool.allocation),
        Resources.port(port.getAsInt(), none, pool.allocation));
    operations.add(launch(offer, frameworkId, need, port.getAsInt(), taskResources, none, pool));
    placements.add(new Placement(need.brokerId(), need.taskId(), offer.getAgentId().getValue(),
        offer.getHostname(), port.getAsInt(), null));
    return null;
  }

  /** RESERVE the broker's resources, CREATE its volume on them, LAUNCH on both. */
  private String reserveAndLaunch(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      OfferPool pool, double cpus, double mem, double disk, List<Offer.Operation> operations,
      List<Placement> placements) {
    OfferPool.Pool from = pool.unreserved;
    OptionalInt chosen = from.choosePort(need.preferredPort());
    if (!from.has(cpus, mem, disk) || chosen.isEmpty()) {
      return lacks(need.brokerId(), offer, cpus, mem, disk, from);
    }
    int port = chosen.getAsInt();
    from.take(cpus, mem, disk, port);
    List<ReservationInfo> ours = List.of(Reservations.brokerReservation(
        settings.role(), settings.principal(), settings.frameworkName(), need.brokerId()));
    Resource reservedDisk = Resources.scalar(Resources.DISK, disk, ours, pool.allocation);
    operations.add(Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.RESERVE)
        .setReserve(Offer.Operation.Reserve.newBuilder()
            .addResources(Resources.scalar(Resources.CPUS, cpus, ours, pool.allocation))
            .addResources(Resources.scalar(Resources.MEM, mem, ours, pool.allocation))
            .addResources(reservedDisk)
            .addResources(Resources.port(port, ours, pool.allocation)))
        .build());
    String volumeId = settings.frameworkName() + "-broker-" + need.brokerId() + "-" + UUID.randomUUID();
    Resource volume = volume(reservedDisk, volumeId);
    operations.add(create(volume));
    operations.add(launch(offer, frameworkId, need, port, brokerResources(ours, port, volume, pool),
        ours, pool));
    Reservation reservation = new Reservation(offer.getAgentId().getValue(), offer.getHostname(),
        volumeId, cpus, mem, disk, port);
    placements.add(new Placement(need.brokerId(), need.taskId(), offer.getAgentId().getValue(),
        offer.getHostname(), port, reservation));
    return null;
  }

  /** LAUNCH on what the broker already holds here, creating its volume first if it is missing. */
  private String launchReserved(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      OfferPool.Pool held, OfferPool pool, List<Offer.Operation> operations, List<Placement> placements) {
    SchedulerSettings.BrokerResources want = settings.broker();
    double cpus = want.cpus() + settings.executorCpus();
    double mem = want.memMb() + settings.executorMemMb();
    Resource volume = held.volume;
    double diskNeeded = volume == null ? want.diskMb() : 0;
    int preferred = need.reservation() != null ? need.reservation().port() : need.preferredPort();
    OptionalInt chosen = held.choosePort(preferred);
    if (!held.has(cpus, mem, diskNeeded) || chosen.isEmpty()) {
      // usually the previous executor still holds part of it while it exits
      return "broker " + need.brokerId() + " waits for its reserved resources on " + offer.getHostname()
          + " to be free in full (needs cpus " + Resources.round(cpus) + ", mem " + (long) mem
          + " MB, one port; offered " + held.describe() + ")";
    }
    int port = chosen.getAsInt();
    held.take(cpus, mem, diskNeeded, port);
    String volumeId;
    if (volume == null) {
      volumeId = settings.frameworkName() + "-broker-" + need.brokerId() + "-" + UUID.randomUUID();
      volume = volume(Resources.scalar(Resources.DISK, want.diskMb(), held.reservations, pool.allocation),
          volumeId);
      operations.add(create(volume));
    } else {
      volumeId = volume.getDisk().getPersistence().getId();
      held.volume = null;
    }
    operations.add(launch(offer, frameworkId, need, port,
        brokerResources(held.reservations, port, volume, pool), held.reservations, pool));
    Reservation reservation = new Reservation(offer.getAgentId().getValue(), offer.getHostname(),
        volumeId, cpus, mem, volume.getScalar().getValue(), port);
    placements.add(new Placement(need.brokerId(), need.taskId(), offer.getAgentId().getValue(),
        offer.getHostname(), port, reservation));
    return null;
  }

  private List<Resource> brokerResources(List<ReservationInfo> reservations, int port, Resource volume,
      OfferPool pool) {
    return List.of(
        Resources.scalar(Resources.CPUS, settings.broker().cpus(), reservations, pool.allocation),
        Resources.scalar(Resources.MEM, settings.broker().memMb(), reservations, pool.allocation),
        Resources.port(port, reservations, pool.allocation),
        volume);
  }

  private Offer.Operation launch(Offer offer, FrameworkID frameworkId, BrokerNeed need, int port,
      List<Resource> taskResources, List<ReservationInfo> reservations, OfferPool pool) {
    BrokerTaskId taskId = BrokerTaskId.parse(need.taskId())
        .orElseThrow(() -> new IllegalArgumentException("not a broker task id: " + need.taskId()));
    List<Resource> executorResources = List.of(
        Resources.scalar(Resources.CPUS, settings.executorCpus(), reservations, pool.allocation),
        Resources.scalar(Resources.MEM, settings.executorMemMb(), reservations, pool.allocation));
    return Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH)
        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(tasks.brokerTask(frameworkId,
            offer.getAgentId(), offer.getHostname(), taskId, port, taskResources, executorResources,
            need.spec().settings())))
        .build();
  }

  private Resource volume(Resource reservedDisk, String volumeId) {
    return reservedDisk.toBuilder()
        .setDisk(DiskInfo.newBuilder()
            .setPersistence(DiskInfo.Persistence.newBuilder()
                .setId(volumeId)
                .setPrincipal(settings.principal()))
            .setVolume(Volume.newBuilder()
                .setContainerPath(TaskInfoFactory.DATA_DIR)
                .setMode(Volume.Mode.RW)))
        .build();
  }

  private static Offer.Operation create(Resource volume) {
    return Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.CREATE)
        .setCreate(Offer.Operation.Create.newBuilder().addVolumes(volume))
        .build();
  }

  private static String lacks(int brokerId, Offer offer, double cpus, double mem, double disk,
      OfferPool.Pool from) {
    return "broker " + brokerId + " waits for an offer with cpus " + Resources.round(cpus) + ", mem "
        + (long) mem + " MB, disk " + (long) disk + " MB and one port; " + offer.getHostname()
        + " offers " + from.describe();
  }
}
