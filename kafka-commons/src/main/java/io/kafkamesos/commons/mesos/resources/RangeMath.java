package io.kafkamesos.commons.mesos.resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.mesos.v1.Protos.Value;

/** Inclusive integer ranges ({@code [31000-31005]}): normalize, subtract, contain. */
public final class RangeMath {

  private RangeMath() {
  }

  /** Sorted, merged (adjacent ranges join), without empty ranges. */
  public static List<Value.Range> normalize(List<Value.Range> ranges) {
    List<Value.Range> sorted = new ArrayList<>(ranges.stream()
        .filter(r -> r.getEnd() >= r.getBegin()).toList());
    sorted.sort(Comparator.comparingLong(Value.Range::getBegin));
    List<Value.Range> out = new ArrayList<>();
    for (Value.Range r : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1).getEnd() + 1 >= r.getBegin()) {
        Value.Range last = out.remove(out.size() - 1);
        out.add(range(last.getBegin(), Math.max(last.getEnd(), r.getEnd())));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  public static List<Value.Range> subtract(List<Value.Range> from, List<Value.Range> minus) {
    List<Value.Range> current = normalize(from);
    for (Value.Range m : minus) {
      List<Value.Range> next = new ArrayList<>();
      for (Value.Range r : current) {
        if (m.getEnd() < r.getBegin() || m.getBegin() > r.getEnd()) {
          next.add(r);
          continue;
        }
        if (m.getBegin() > r.getBegin()) {
          next.add(range(r.getBegin(), m.getBegin() - 1));
        }
        if (m.getEnd() < r.getEnd()) {
          next.add(range(m.getEnd() + 1, r.getEnd()));
        }
      }
      current = next;
    }
    return normalize(current);
  }

  public static boolean contains(List<Value.Range> outer, List<Value.Range> inner) {
    List<Value.Range> norm = normalize(outer);
    for (Value.Range r : inner) {
      if (r.getEnd() < r.getBegin()) {
        continue;
      }
      boolean inside = norm.stream()
          .anyMatch(o -> o.getBegin() <= r.getBegin() && r.getEnd() <= o.getEnd());
      if (!inside) {
        return false;
      }
    }
    return true;
  }

  public static Value.Range range(long begin, long end) {
    return Value.Range.newBuilder().setBegin(begin).setEnd(end).build();
  }

  public static long size(List<Value.Range> ranges) {
    return normalize(ranges).stream().mapToLong(r -> r.getEnd() - r.getBegin() + 1).sum();
  }
}
