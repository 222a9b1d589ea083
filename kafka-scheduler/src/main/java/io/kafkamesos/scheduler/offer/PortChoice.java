package io.kafkamesos.scheduler.offer;

import io.kafkamesos.commons.mesos.resources.RangeMath;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.scheduler.security.SwitchOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Which ports a node takes from what an offer has free, in the order of its listeners (the first
 * is the port the scheduler records for it, which the executor probes). Pure.
 *
 * <ul>
 *   <li>{@link #consecutive}: one run of ports, from the node's recorded port when the run is free
 *       there, else the lowest run that fits (a plaintext node, a cluster installed with TLS).
 *   <li>{@link #switched}: a broker of a cluster whose TLS was switched on while it ran
 *       ({@link SwitchOn}). Its PLAINTEXT listener keeps its recorded port, since every other
 *       broker and every plaintext client still holds that address; when the port is not free
 *       here the broker waits for an offer that has it, as a broker on a volume waits for its
 *       reservation. Its CLIENT and INTERNAL (TLS) listeners never take a port that any broker
 *       records as its PLAINTEXT one: a plaintext Kafka client that reached a TLS port would read
 *       the handshake as a response size and run out of heap.
 * </ul>
 */
final class PortChoice {

  private PortChoice() {
  }

  /**
   * {@code count} consecutive free ports: from {@code preferred} when they are free there, else
   * the lowest run; empty when no run of {@code count} is free.
   */
  static Optional<List<Integer>> consecutive(List<Value.Range> free, int preferred, int count) {
    List<Value.Range> ranges = RangeMath.normalize(free);
    if (preferred > 0 && RangeMath.contains(ranges,
        List.of(RangeMath.range(preferred, preferred + count - 1)))) {
      return Optional.of(run(preferred, count));
    }
    return ranges.stream().filter(r -> r.getEnd() - r.getBegin() + 1 >= count).findFirst()
        .map(r -> run((int) r.getBegin(), count));
  }

  /**
   * A switched broker's {@value SwitchOn#PORTS} ports, in {@link SwitchOn#PORT_ORDER} (PLAINTEXT,
   * CLIENT, INTERNAL), or empty when this offer cannot give them.
   *
   * <p>PLAINTEXT is {@code recorded} itself, and nothing else: no {@code recorded} port free, no
   * ports. A broker never launched ({@code recorded} 0) takes the lowest free port that is no
   * broker's recorded port. CLIENT and INTERNAL take the two ports after PLAINTEXT where they are
   * free (the layout the broker had at its previous stage, usually), else the lowest free ones;
   * neither is ever one of {@code plaintextPorts}.
   *
   * @param recorded the port the scheduler records for the broker (its PLAINTEXT listener's), 0
   *     if it has none yet
   * @param plaintextPorts every broker's recorded port: the addresses plaintext clients may hold
   */
  static Optional<List<Integer>> switched(List<Value.Range> free, int recorded,
      Set<Integer> plaintextPorts) {
    List<Value.Range> ranges = RangeMath.normalize(free);
    int plaintext;
    if (recorded > 0) {
      if (!has(ranges, recorded)) {
        return Optional.empty();
      }
      plaintext = recorded;
    } else {
      Optional<Integer> lowest = lowest(ranges, plaintextPorts, Set.of());
      if (lowest.isEmpty()) {
        return Optional.empty();
      }
      plaintext = lowest.get();
    }
    List<Integer> ports = new ArrayList<>(List.of(plaintext));
    for (int i = 1; i < SwitchOn.PORTS; i++) {
      int next = plaintext + i;
      if (next <= 65535 && has(ranges, next) && !plaintextPorts.contains(next)
          && !ports.contains(next)) {
        ports.add(next);
        continue;
      }
      Optional<Integer> lowest = lowest(ranges, plaintextPorts, Set.copyOf(ports));
      if (lowest.isEmpty()) {
        return Optional.empty();
      }
      ports.add(lowest.get());
    }
    return Optional.of(List.copyOf(ports));
  }

  /** {@code ports} as one {@code ports} resource, its ranges sorted and merged. */
  static Resource resource(List<Integer> ports, List<Resource.ReservationInfo> reservations,
      Resource.AllocationInfo allocation) {
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("a ports resource needs at least one port");
    }
    List<Value.Range> ranges = RangeMath.normalize(new TreeSet<>(ports).stream()
        .map(p -> RangeMath.range(p, p)).toList());
    Resource.Builder b = Resources.port(ports.get(0), reservations, allocation).toBuilder();
    b.setRanges(Value.Ranges.newBuilder().addAllRange(ranges));
    return b.build();
  }

  /** The lowest free port that is neither in {@code avoid} nor in {@code taken}. */
  private static Optional<Integer> lowest(List<Value.Range> ranges, Set<Integer> avoid,
      Set<Integer> taken) {
    for (Value.Range r : ranges) {
      for (long p = r.getBegin(); p <= r.getEnd(); p++) {
        if (!avoid.contains((int) p) && !taken.contains((int) p)) {
          return Optional.of((int) p);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean has(List<Value.Range> ranges, int port) {
    return RangeMath.contains(ranges, List.of(RangeMath.range(port, port)));
  }

  private static List<Integer> run(int first, int count) {
    List<Integer> ports = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ports.add(first + i);
    }
    return ports;
  }
}
