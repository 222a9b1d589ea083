package io.kafkamesos.scheduler.offer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.AllocationInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is left of one offer while the evaluator hands it out: the unreserved cpus, mem, root disk
 * and ports, and per broker what this cluster reserved for it. Mutable; lives for one evaluation.
 */
final class OfferPool {

  /** Resources of one kind of reservation: amounts, ports, and a persistent volume if any. */
  static final class Pool {
    double cpus;
    double mem;
    double disk;
    final List<long[]> ports = new ArrayList<>();
    /** The volume offered as is (with {@code pv}), or null. */
    Resource volume;
    /** The reservation stack to put on resources taken from this pool. */
    List<ReservationInfo> reservations = List.of();

    boolean isEmpty() {
      return cpus < Resources.EPSILON && mem < Resources.EPSILON && disk < Resources.EPSILON
          && ports.isEmpty() && volume == null;
    }

    boolean has(double wantCpus, double wantMem, double wantDisk) {
      return cpus + Resources.EPSILON >= wantCpus && mem + Resources.EPSILON >= wantMem
          && disk + Resources.EPSILON >= wantDisk;
    }

    /** The preferred port when free here, else the lowest free port. */
    OptionalInt choosePort(int preferred) {
      if (preferred > 0 && hasPort(preferred)) {
        return OptionalInt.of(preferred);
      }
      for (long[] range : ports) {
        if (range[0] <= range[1]) {
          return OptionalInt.of((int) range[0]);
        }
      }
      return OptionalInt.empty();
    }

    boolean hasPort(int port) {
      return ports.stream().anyMatch(r -> r[0] <= port && port <= r[1]);
    }

    void take(double takeCpus, double takeMem, double takeDisk, int port) {
      cpus -= takeCpus;
      mem -= takeMem;
      disk -= takeDisk;
      List<long[]> rest = new ArrayList<>();
      for (long[] r : ports) {
        if (r[0] <= port && port <= r[1]) {
          if (r[0] < port) {
            rest.add(new long[] {r[0], port - 1L});
          }
          if (port < r[1]) {
            rest.add(new long[] {port + 1L, r[1]});
          }
        } else {
          rest.add(r);
        }
      }
      ports.clear();
      ports.addAll(rest);
    }

    String describe() {
      return String.format("cpus %.2f, mem %.0f MB, disk %.0f MB, %s", cpus, mem, disk,
          ports.isEmpty() ? "no ports" : "ports " + ports.stream()
              .map(r -> r[0] + "-" + r[1]).reduce((a, b) -> a + "," + b).orElse(""));
    }
  }

  final Pool unreserved = new Pool();
  final Map<Integer, Pool> reserved = new HashMap<>();
  AllocationInfo allocation;

  static OfferPool of(Offer offer, String role, String frameworkName) {
    OfferPool pool = new OfferPool();
    for (Resource r : offer.getResourcesList()) {
      if (r.hasRevocable() || r.hasShared()) {
        continue; // never build a broker on resources that may vanish or are shared
      }
      if (r.hasAllocationInfo() && pool.allocation == null) {
        pool.allocation = r.getAllocationInfo();
      }
      Pool target;
      if (Resources.isUnreserved(r)) {
        if (r.hasDisk()) {
          continue; // only the agent's root disk: other disk sources need their own handling
        }
        target = pool.unreserved;
      } else {
        int broker = Resources.reservedBroker(r, role, frameworkName);
        if (broker < 0) {
          continue; // reserved for someone else
        }
        target = pool.reserved.computeIfAbsent(broker, b -> new Pool());
        if (target.reservations.isEmpty()) {
          target.reservations = List.copyOf(r.getReservationsList());
        }
        if (r.hasDisk() && r.getDisk().hasPersistence()) {
          target.volume = r;
          continue;
        }
      }
      add(target, r);
    }
    return pool;
  }

  private static void add(Pool pool, Resource r) {
    switch (r.getName()) {
      case Resources.CPUS -> pool.cpus += r.getScalar().getValue();
      case Resources.MEM -> pool.mem += r.getScalar().getValue();
      case Resources.DISK -> pool.disk += r.getScalar().getValue();
      case Resources.PORTS -> {
        if (r.getType() == Value.Type.RANGES) {
          for (Value.Range range : r.getRanges().getRangeList()) {
            pool.ports.add(new long[] {range.getBegin(), range.getEnd()});
          }
          pool.ports.sort((a, b) -> Long.compare(a[0], b[0]));
        }
      }
      default -> {
        // other resources (gpus, ...) are not needed
      }
    }
  }
}
