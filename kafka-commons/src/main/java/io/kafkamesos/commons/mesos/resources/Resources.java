package io.kafkamesos.commons.mesos.resources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * An immutable bag of Mesos resources with the arithmetic Mesos uses: resources of the same identity
 * (name, reservations, allocation, disk, revocable, shared) add up, subtract and are compared as one
 * quantity; everything else stays apart. Scalars are fixed point with three decimals, as in Mesos.
 * Persistent volumes are indivisible: a volume is contained only as a whole.
 *
 * <p>Resources are kept in the post-reservation-refinement format ({@code reservations}); resources
 * given in the old format ({@code role} + {@code reservation}) are upgraded on the way in.
 */
public final class Resources implements Iterable<Resource> {

  public static final String CPUS = "cpus";
  public static final String MEM = "mem";
  public static final String DISK = "disk";
  public static final String PORTS = "ports";

  private static final Resources EMPTY = new Resources(List.of());

  private final List<Resource> resources;

  private Resources(List<Resource> normalized) {
    this.resources = List.copyOf(normalized);
  }

  public static Resources empty() {
    return EMPTY;
  }

  public static Resources of(Collection<Resource> resources) {
    List<Resource> acc = new ArrayList<>();
    for (Resource r : resources) {
      add(acc, ResourceFormat.upgrade(r));
    }
    return new Resources(acc);
  }

  public static Resources of(Resource... resources) {
    return of(List.of(resources));
  }

  /**
   * Parses Mesos' agent resource notation: {@code cpus:2;mem:4096;ports:[31000-32000]}, with an
   * optional static role in parentheses ({@code cpus(kafka):1}).
   *
   * @throws IllegalArgumentException naming the part that cannot be parsed
   */
  public static Resources parse(String text) {
    return of(ResourceFormat.parse(text));
  }

  /**
   * A scalar resource with its value rounded as Mesos keeps it.
   *
   * @param reservations the reservation stack (empty: unreserved)
   * @param allocation the allocation info, or null
   */
  public static Resource scalar(String name, double value, List<Resource.ReservationInfo> reservations,
      Resource.AllocationInfo allocation) {
    Resource.Builder b = Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(round(value)))
        .addAllReservations(reservations);
    if (allocation != null) {
      b.setAllocationInfo(allocation);
    }
    return b.build();
  }

  /** One port, as a {@code ports} ranges resource ({@code [p-p]}). */
  public static Resource port(long port, List<Resource.ReservationInfo> reservations,
      Resource.AllocationInfo allocation) {
    Resource.Builder b = Resource.newBuilder()
        .setName(PORTS)
        .setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(RangeMath.range(port, port)))
        .addAllReservations(reservations);
    if (allocation != null) {
      b.setAllocationInfo(allocation);
    }
    return b.build();
  }

  /** {@code count} consecutive ports from {@code first}, as one {@code ports} range ({@code [first-last]}). */
  public static Resource ports(long first, int count, List<Resource.ReservationInfo> reservations,
      Resource.AllocationInfo allocation) {
    if (count < 1) {
      throw new IllegalArgumentException("a ports resource needs at least one port, not " + count);
    }
    Resource.Builder b = Resource.newBuilder()
        .setName(PORTS)
        .setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(RangeMath.range(first, first + count - 1)))
        .addAllReservations(reservations);
    if (allocation != null) {
      b.setAllocationInfo(allocation);
    }
    return b.build();
  }

  public List<Resource> toList() {
    return resources;
  }

  @Override
  public Iterator<Resource> iterator() {
    return resources.iterator();
  }

  public boolean isEmpty() {
    return resources.isEmpty();
  }

  public Resources plus(Resources other) {
    List<Resource> acc = new ArrayList<>(resources);
    for (Resource r : other.resources) {
      add(acc, r);
    }
    return new Resources(acc);
  }

  public Resources plus(Resource resource) {
    return plus(of(resource));
  }

  /** Subtracts what can be subtracted; never goes below zero. */
  public Resources minus(Resources other) {
    List<Resource> acc = new ArrayList<>(resources);
    for (Resource r : other.resources) {
      subtract(acc, r);
    }
    return new Resources(acc);
  }

  public boolean contains(Resources other) {
    List<Resource> acc = new ArrayList<>(resources);
    for (Resource r : other.resources) {
      if (!containsOne(acc, r)) {
        return false;
      }
      subtract(acc, r);
    }
    return true;
  }

  public boolean contains(Resource resource) {
    return contains(of(resource));
  }

  public Resources filter(Predicate<Resource> predicate) {
    return new Resources(resources.stream().filter(predicate).toList());
  }

  public Resources unreserved() {
    return filter(r -> r.getReservationsCount() == 0);
  }

  public Resources reserved() {
    return filter(r -> r.getReservationsCount() > 0);
  }

  /** The resources reserved for this role (its last reservation names it). */
  public Resources reservedFor(String role) {
    return filter(r -> r.getReservationsCount() > 0 && reservationRole(r).equals(role));
  }

  public Resources persistentVolumes() {
    return filter(Resources::isPersistentVolume);
  }

  /** The same resources without allocation info. */
  public Resources unallocated() {
    return of(resources.stream().map(r -> r.toBuilder().clearAllocationInfo().build()).toList());
  }

  /** The same resources allocated to a role (the allocation info offers carry). */
  public Resources allocatedTo(String role) {
    return of(resources.stream().map(r -> r.toBuilder()
        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build()).toList());
  }

  public Optional<Double> scalar(String name) {
    double sum = 0;
    boolean any = false;
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.SCALAR) {
        sum += r.getScalar().getValue();
        any = true;
      }
    }
    return any ? Optional.of(round(sum)) : Optional.empty();
  }

  /** The ranges of every resource of this name, sorted and merged. */
  public List<Value.Range> ranges(String name) {
    List<Value.Range> all = new ArrayList<>();
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.RANGES) {
        all.addAll(r.getRanges().getRangeList());
      }
    }
    return RangeMath.normalize(all);
  }

  /** Mesos' /state notation: scalars as numbers, ranges as {@code "[a-b, c-d]"}, summed by name. */
  public Map<String, Object> toQuantities() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("disk", 0.0);
    out.put("mem", 0.0);
    out.put("gpus", 0.0);
    out.put("cpus", 0.0);
    Map<String, List<Value.Range>> ranges = new LinkedHashMap<>();
    for (Resource r : resources) {
      if (r.getType() == Value.Type.SCALAR) {
        double prev = out.get(r.getName()) instanceof Double d ? d : 0.0;
        out.put(r.getName(), round(prev + r.getScalar().getValue()));
      } else if (r.getType() == Value.Type.RANGES) {
        ranges.computeIfAbsent(r.getName(), k -> new ArrayList<>())
            .addAll(r.getRanges().getRangeList());
      }
    }
    ranges.forEach((name, list) -> out.put(name,
        ResourceFormat.rangesText(RangeMath.normalize(list))));
    return out;
  }

  public static boolean isPersistentVolume(Resource r) {
    return r.hasDisk() && r.getDisk().hasPersistence();
  }

  public static String reservationRole(Resource r) {
    return r.getReservationsCount() == 0 ? "*"
        : r.getReservations(r.getReservationsCount() - 1).getRole();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resources other && contains(other) && other.contains(this);
  }

  @Override
  public int hashCode() {
    return Objects.hash(resources.size());
  }

  /** Mesos' notation: {@code cpus(allocated: kafka)(reservations: [(DYNAMIC,kafka)]):1; ...}. */
  @Override
  public String toString() {
    return resources.stream().map(ResourceFormat::toText).collect(Collectors.joining("; "));
  }

  // ---- arithmetic on the normalized list ----

  static Resource identity(Resource r) {
    return r.toBuilder().clearScalar().clearRanges().clearSet().build();
  }

  private static boolean indivisible(Resource r) {
    return isPersistentVolume(r);
  }

  private static void add(List<Resource> acc, Resource r) {
    if (isEmpty(r)) {
      return;
    }
    if (!indivisible(r)) {
      Resource id = identity(r);
      for (int i = 0; i < acc.size(); i++) {
        Resource existing = acc.get(i);
        if (!indivisible(existing) && identity(existing).equals(id)) {
          acc.set(i, ValueMath.add(existing, r));
          return;
        }
      }
    }
    acc.add(r);
  }

  private static void subtract(List<Resource> acc, Resource r) {
    Resource id = identity(r);
    for (int i = 0; i < acc.size(); i++) {
      Resource existing = acc.get(i);
      if (indivisible(r) || indivisible(existing)) {
        if (existing.equals(r)) {
          acc.remove(i);
          return;
        }
        continue;
      }
      if (identity(existing).equals(id)) {
        Resource left = ValueMath.subtract(existing, r);
        if (isEmpty(left)) {
          acc.remove(i);
        } else {
          acc.set(i, left);
        }
        return;
      }
    }
  }

  private static boolean containsOne(List<Resource> acc, Resource r) {
    Resource id = identity(r);
    for (Resource existing : acc) {
      if (indivisible(r) || indivisible(existing)) {
        if (existing.equals(r)) {
          return true;
        }
      } else if (identity(existing).equals(id) && ValueMath.contains(existing, r)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEmpty(Resource r) {
    return switch (r.getType()) {
      case SCALAR -> round(r.getScalar().getValue()) <= 0 && !indivisible(r);
      case RANGES -> r.getRanges().getRangeCount() == 0;
      case SET -> r.getSet().getItemCount() == 0;
      default -> true;
    };
  }

  /**
   * Mesos' fixed point for scalars: three decimals. Every scalar this class adds, subtracts or
   * compares goes through it, so {@code 0.1 + 0.2} holds {@code 0.3}.
   */
  public static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
