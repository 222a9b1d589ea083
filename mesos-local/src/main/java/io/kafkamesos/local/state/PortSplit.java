package io.kafkamesos.local.state;

import io.kafkamesos.commons.mesos.resources.RangeMath;
import io.kafkamesos.commons.mesos.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Divides range resources (ports) between the agents, in equal consecutive slices in order (the
 * last takes the remainder), so that no two tasks on this machine are given the same port.
 */
public final class PortSplit {

  private PortSplit() {
  }

  /** Agent {@code index}'s resources out of {@code agents}. */
  public static Resources forAgent(Resources base, int agents, int index) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : base) {
      if (r.getType() != Value.Type.RANGES) {
        out.add(r);
        continue;
      }
      List<Value.Range> ranges = RangeMath.normalize(r.getRanges().getRangeList());
      long size = RangeMath.size(ranges);
      long slice = size / agents;
      if (slice == 0) {
        throw new IllegalArgumentException("the " + r.getName() + " range " + ranges.size()
            + " is too small to give each of " + agents + " agents one");
      }
      long from = slice * index;
      long to = index == agents - 1 ? size - 1 : from + slice - 1;
      out.add(r.toBuilder().setRanges(Value.Ranges.newBuilder()
          .addAllRange(slice(ranges, from, to))).build());
    }
    return Resources.of(out);
  }

  /** The values at positions {@code from..to} (inclusive) of the ranges laid end to end. */
  private static List<Value.Range> slice(List<Value.Range> ranges, long from, long to) {
    List<Value.Range> out = new ArrayList<>();
    long offset = 0;
    for (Value.Range r : ranges) {
      long len = r.getEnd() - r.getBegin() + 1;
      long start = Math.max(from, offset);
      long end = Math.min(to, offset + len - 1);
      if (start <= end) {
        out.add(RangeMath.range(r.getBegin() + (start - offset), r.getBegin() + (end - offset)));
      }
      offset += len;
    }
    return out;
  }
}
