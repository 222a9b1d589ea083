package io.kafkamesos.scheduler.offer;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.commons.node.NodeIds;
import io.kafkamesos.commons.node.NodeKind;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.scheduler.security.NodeTls;
import io.kafkamesos.scheduler.settings.PlacementStrategy;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.Reservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Decides what one offer is good for: which waiting nodes (brokers, KRaft controllers) it can host
 * and with which operations (RESERVE + CREATE + LAUNCH with persistent volumes, LAUNCH without,
 * RESERVE + CREATE alone for a controller that must not start before the others have their
 * resources), or why it is declined. Pure: no I/O, the same inputs give the same decision (but for
 * fresh volume ids).
 *
 * <p>Rules: a node needs the cpus, mem and disk of its kind plus one port, and the executor's cpus
 * and mem beside; a node on a persistent volume (a broker with {@code pv}, a controller always)
 * only runs on the agent that holds its reservation once it has one; with {@code NODE} no host
 * gets a second node of the same kind (a controller and a broker may share a host, two
 * controllers or two brokers may not). A node takes one port per listener ({@link PortChoice}):
 * one run, or, on a cluster whose TLS was switched on while it ran, its recorded port as PLAINTEXT
 * plus two TLS ports that are no broker's recorded port (it waits for an offer with its recorded
 * port free).
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
   * @param needs the nodes waiting for a launch, in the order they should be served
   * @param occupiedHosts the host each other node of the cluster occupies (a live task, or a
   *     reservation), by node id
   */
  public OfferDecision evaluate(Offer offer, FrameworkID frameworkId, List<BrokerNeed> needs,
      Map<Integer, String> occupiedHosts) {
    return evaluate(offer, frameworkId, needs, occupiedHosts, Set.of());
  }

  /**
   * @param plaintextPorts every broker's recorded port: on a cluster switched to TLS while it ran
   *     ({@link NodeTls#keepsRecordedPort}) no TLS listener takes one of them
   */
  public OfferDecision evaluate(Offer offer, FrameworkID frameworkId, List<BrokerNeed> needs,
      Map<Integer, String> occupiedHosts, Set<Integer> plaintextPorts) {
    Objects.requireNonNull(plaintextPorts);
    if (needs.isEmpty()) {
      return OfferDecision.decline(offer, "no broker is waiting for resources", Map.of());
    }
    OfferPool pool = OfferPool.of(offer, settings.role(), settings.frameworkName());
    OnThisHost here = OnThisHost.of(offer.getHostname(), occupiedHosts);
    List<Offer.Operation> operations = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    Map<Integer, String> unplaced = new LinkedHashMap<>();
    for (BrokerNeed need : needs) {
      String refusal = place(offer, frameworkId, need, pool, here, plaintextPorts, operations,
          placements);
      if (refusal != null) {
        unplaced.put(need.brokerId(), refusal);
      } else {
        here.add(need.brokerId());
      }
    }
    if (placements.isEmpty()) {
      return OfferDecision.decline(offer, String.join("; ", unplaced.values()), unplaced);
    }
    return new OfferDecision(offer.getId(), offer.getHostname(), operations, placements, unplaced, null);
  }

  /** Places one node on the offer, or answers why not. */
  private String place(Offer offer, FrameworkID frameworkId, BrokerNeed need, OfferPool pool,
      OnThisHost here, Set<Integer> plaintextPorts, List<Offer.Operation> operations,
      List<Placement> placements) {
    int id = need.brokerId();
    String who = need.kind().describe(id);
    String agent = offer.getAgentId().getValue();
    Reservation held = need.reservation();
    boolean pv = settings.persistentVolumesOf(need.kind());
    if (pv && held != null && !held.agentId().equals(agent)) {
      return who + " waits for an offer from agent " + held.agentId() + " (" + held.hostname()
          + ") which holds its persistent volume";
    }
    boolean boundHere = held != null;
    if (!boundHere && settings.placement() == PlacementStrategy.NODE) {
      boolean controller = NodeIds.isController(id);
      OptionalInt other = here.another(id, controller);
      if (other.isPresent()) {
        String kind = controller ? "controller" : "broker";
        return who + " waits for an offer: NODE placement needs a host without a " + kind
            + ", and " + offer.getHostname() + " has " + kind + " " + other.getAsInt();
      }
    }
    SchedulerSettings.BrokerResources want = settings.resourcesOf(need.kind());
    double cpus = want.cpus() + settings.executorCpus();
    double mem = want.memMb() + settings.executorMemMb();
    double disk = want.diskMb();
    if (!pv) {
      return launchUnreserved(offer, frameworkId, need, pool.unreserved, pool, cpus, mem, disk,
          plaintextPorts, operations, placements);
    }
    OfferPool.Pool reserved = pool.reserved.get(id);
    if (reserved != null && !reserved.isEmpty()) {
      if (need.reserveOnly()) {
        return who + " holds its reserved resources on " + offer.getHostname() + " and waits";
      }
      return launchReserved(offer, frameworkId, need, reserved, pool, plaintextPorts, operations,
          placements);
    }
    return reserveAndLaunch(offer, frameworkId, need, pool, cpus, mem, disk, plaintextPorts,
        operations, placements);
  }

  private String launchUnreserved(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      OfferPool.Pool from, OfferPool pool, double cpus, double mem, double disk,
      Set<Integer> plaintextPorts, List<Offer.Operation> operations, List<Placement> placements) {
    // the amounts first: a refusal of those is remembered, the port's search is not
    Optional<List<Integer>> chosen = from.has(cpus, mem, disk)
        ? choosePorts(from, need, need.preferredPort(), plaintextPorts) : Optional.empty();
    if (chosen.isEmpty()) {
      return lacks(need, offer, cpus, mem, disk, from);
    }
    List<Integer> ports = chosen.get();
    from.take(cpus, mem, disk, ports);
    List<ReservationInfo> none = List.of();
    SchedulerSettings.BrokerResources want = settings.resourcesOf(need.kind());
    List<Resource> taskResources = List.of(
        Resources.scalar(Resources.CPUS, want.cpus(), none, pool.allocation),
        Resources.scalar(Resources.MEM, want.memMb(), none, pool.allocation),
        Resources.scalar(Resources.DISK, disk, none, pool.allocation),
        PortChoice.resource(ports, none, pool.allocation));
    operations.add(launch(offer, frameworkId, need, ports, taskResources, none, pool));
    placements.add(new Placement(need.brokerId(), need.taskId(), offer.getAgentId().getValue(),
        offer.getHostname(), ports.get(0), null));
    return null;
  }

  /**
   * RESERVE the node's resources, CREATE its volume on them, LAUNCH on both (or, for a node that
   * reserves only, not yet).
   */
  private String reserveAndLaunch(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      OfferPool pool, double cpus, double mem, double disk, Set<Integer> plaintextPorts,
      List<Offer.Operation> operations, List<Placement> placements) {
    OfferPool.Pool from = pool.unreserved;
    Optional<List<Integer>> chosen = from.has(cpus, mem, disk)
        ? choosePorts(from, need, need.preferredPort(), plaintextPorts) : Optional.empty();
    if (chosen.isEmpty()) {
      return lacks(need, offer, cpus, mem, disk, from);
    }
    List<Integer> ports = chosen.get();
    int port = ports.get(0);
    from.take(cpus, mem, disk, ports);
    List<ReservationInfo> ours = List.of(Reservations.nodeReservation(
        settings.role(), settings.principal(), settings.frameworkName(), need.kind(), need.brokerId()));
    Resource reservedDisk = Resources.scalar(Resources.DISK, disk, ours, pool.allocation);
    operations.add(Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.RESERVE)
        .setReserve(Offer.Operation.Reserve.newBuilder()
            .addResources(Resources.scalar(Resources.CPUS, cpus, ours, pool.allocation))
            .addResources(Resources.scalar(Resources.MEM, mem, ours, pool.allocation))
            .addResources(reservedDisk)
            .addResources(PortChoice.resource(ports, ours, pool.allocation)))
        .build());
    String volumeId = volumeId(need);
    Resource volume = volume(reservedDisk, volumeId);
    operations.add(create(volume));
    if (!need.reserveOnly()) {
      operations.add(launch(offer, frameworkId, need, ports,
          brokerResources(need.kind(), ours, ports, volume, pool), ours, pool));
    }
    Reservation reservation = new Reservation(offer.getAgentId().getValue(), offer.getHostname(),
        volumeId, cpus, mem, disk, port);
    placements.add(new Placement(need.brokerId(), need.taskId(), offer.getAgentId().getValue(),
        offer.getHostname(), port, reservation, !need.reserveOnly()));
    return null;
  }

  /** {@code <framework>-broker-0-<uuid>}, {@code <framework>-controller-3000-<uuid>}. */
  private String volumeId(BrokerNeed need) {
    return settings.frameworkName() + "-" + need.kind().prefix() + "-" + need.brokerId() + "-"
        + UUID.randomUUID();
  }

  /** LAUNCH on what the broker already holds here, creating its volume first if it is missing. */
  private String launchReserved(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      OfferPool.Pool held, OfferPool pool, Set<Integer> plaintextPorts,
      List<Offer.Operation> operations, List<Placement> placements) {
    SchedulerSettings.BrokerResources want = settings.resourcesOf(need.kind());
    double cpus = want.cpus() + settings.executorCpus();
    double mem = want.memMb() + settings.executorMemMb();
    Resource volume = held.volume;
    double diskNeeded = volume == null ? want.diskMb() : 0;
    int preferred = need.reservation() != null ? need.reservation().port() : need.preferredPort();
    Optional<List<Integer>> chosen = choosePorts(held, need, preferred, plaintextPorts);
    if (!held.has(cpus, mem, diskNeeded) || chosen.isEmpty()) {
      // usually the previous executor still holds part of it while it exits
      return need.kind().describe(need.brokerId()) + " waits for its reserved resources on "
          + offer.getHostname()
          + " to be free in full (needs cpus " + Resources.round(cpus) + ", mem " + (long) mem
          + " MB, " + portsText(need, preferred) + "; offered " + held.describe() + ")";
    }
    List<Integer> ports = chosen.get();
    int port = ports.get(0);
    held.take(cpus, mem, diskNeeded, ports);
    String volumeId;
    if (volume == null) {
      volumeId = volumeId(need);
      volume = volume(Resources.scalar(Resources.DISK, want.diskMb(), held.reservations, pool.allocation),
          volumeId);
      operations.add(create(volume));
    } else {
      volumeId = volume.getDisk().getPersistence().getId();
      held.volume = null;
    }
    operations.add(launch(offer, frameworkId, need, ports,
        brokerResources(need.kind(), held.reservations, ports, volume, pool), held.reservations,
        pool));
    Reservation reservation = new Reservation(offer.getAgentId().getValue(), offer.getHostname(),
        volumeId, cpus, mem, volume.getScalar().getValue(), port);
    placements.add(new Placement(need.brokerId(), need.taskId(), offer.getAgentId().getValue(),
        offer.getHostname(), port, reservation));
    return null;
  }

  private List<Resource> brokerResources(NodeKind kind, List<ReservationInfo> reservations,
      List<Integer> ports, Resource volume, OfferPool pool) {
    SchedulerSettings.BrokerResources want = settings.resourcesOf(kind);
    return List.of(
        Resources.scalar(Resources.CPUS, want.cpus(), reservations, pool.allocation),
        Resources.scalar(Resources.MEM, want.memMb(), reservations, pool.allocation),
        PortChoice.resource(ports, reservations, pool.allocation),
        volume);
  }

  /** The node's ports from what {@code from} has free ({@link PortChoice}), or empty. */
  private Optional<List<Integer>> choosePorts(OfferPool.Pool from, BrokerNeed need, int preferred,
      Set<Integer> plaintextPorts) {
    if (tasks.tls().keepsRecordedPort()) {
      return PortChoice.switched(from.freePorts(), preferred, plaintextPorts);
    }
    return PortChoice.consecutive(from.freePorts(), preferred, tasks.tls().ports(need.kind()));
  }

  private Offer.Operation launch(Offer offer, FrameworkID frameworkId, BrokerNeed need,
      List<Integer> ports,
      List<Resource> taskResources, List<ReservationInfo> reservations, OfferPool pool) {
    NodeTaskId taskId = NodeTaskId.parse(need.taskId())
        .orElseThrow(() -> new IllegalArgumentException("not a node task id: " + need.taskId()));
    List<Resource> executorResources = List.of(
        Resources.scalar(Resources.CPUS, settings.executorCpus(), reservations, pool.allocation),
        Resources.scalar(Resources.MEM, settings.executorMemMb(), reservations, pool.allocation));
    return Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH)
        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(tasks.nodeTask(frameworkId,
            offer.getAgentId(), offer.getHostname(), taskId, ports, taskResources, executorResources,
            need.kraft(), need.spec().settings())))
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

  private String lacks(BrokerNeed need, Offer offer, double cpus, double mem, double disk,
      OfferPool.Pool from) {
    return need.kind().describe(need.brokerId()) + " waits for an offer with cpus " + Resources.round(cpus) + ", mem "
        + (long) mem + " MB, disk " + (long) disk + " MB and "
        + portsText(need, need.preferredPort()) + "; " + offer.getHostname()
        + " offers " + from.describe();
  }

  /**
   * {@code one port}, {@code 2 consecutive ports}, or for a broker of a switched cluster
   * {@code its port 31002 (its PLAINTEXT listener's address) and 2 more ports}.
   */
  private String portsText(BrokerNeed need, int recorded) {
    int count = tasks.tls().ports(need.kind());
    if (tasks.tls().keepsRecordedPort()) {
      return (recorded > 0 ? "its port " + recorded + " (its PLAINTEXT listener's address, kept"
          + " while TLS is switched on)" : "one port") + " and " + (count - 1)
          + " more that are no broker's PLAINTEXT port";
    }
    return count <= 1 ? "one port" : count + " consecutive ports";
  }

  /**
   * The nodes on the offer's host: those {@code occupiedHosts} puts there and those placed on this
   * offer. Built once per offer (one pass over the occupied hosts), so that the NODE check of each
   * waiting node is a look-up here instead of a scan of every node of the cluster.
   */
  private static final class OnThisHost {
    private final java.util.TreeSet<Integer> brokers = new java.util.TreeSet<>();
    private final java.util.TreeSet<Integer> controllers = new java.util.TreeSet<>();

    static OnThisHost of(String hostname, Map<Integer, String> occupiedHosts) {
      OnThisHost here = new OnThisHost();
      occupiedHosts.forEach((id, host) -> {
        if (hostname.equals(host)) {
          here.add(id);
        }
      });
      return here;
    }

    void add(int id) {
      (NodeIds.isController(id) ? controllers : brokers).add(id);
    }

    /** The lowest-numbered other node of the same kind on this host, if any. */
    OptionalInt another(int id, boolean controller) {
      for (int other : controller ? controllers : brokers) {
        if (other != id) {
          return OptionalInt.of(other);
        }
      }
      return OptionalInt.empty();
    }
  }
}
