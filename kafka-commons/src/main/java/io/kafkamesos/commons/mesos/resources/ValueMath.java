package io.kafkamesos.commons.mesos.resources;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/** Adds, subtracts and compares the values of two resources of the same identity. */
final class ValueMath {

  private ValueMath() {
  }

  static Resource add(Resource a, Resource b) {
    Resource.Builder out = a.toBuilder();
    switch (a.getType()) {
      case SCALAR -> out.setScalar(Value.Scalar.newBuilder()
          .setValue(Resources.round(a.getScalar().getValue() + b.getScalar().getValue())));
      case RANGES -> {
        List<Value.Range> all = new ArrayList<>(a.getRanges().getRangeList());
        all.addAll(b.getRanges().getRangeList());
        out.setRanges(Value.Ranges.newBuilder().addAllRange(RangeMath.normalize(all)));
      }
      case SET -> {
        Set<String> items = new LinkedHashSet<>(a.getSet().getItemList());
        items.addAll(b.getSet().getItemList());
        out.setSet(Value.Set.newBuilder().addAllItem(items));
      }
      default -> throw new IllegalArgumentException("unsupported resource type " + a.getType());
    }
    return out.build();
  }

  static Resource subtract(Resource a, Resource b) {
    Resource.Builder out = a.toBuilder();
    switch (a.getType()) {
      case SCALAR -> out.setScalar(Value.Scalar.newBuilder().setValue(
          Math.max(0, Resources.round(a.getScalar().getValue() - b.getScalar().getValue()))));
      case RANGES -> out.setRanges(Value.Ranges.newBuilder().addAllRange(
          RangeMath.subtract(a.getRanges().getRangeList(), b.getRanges().getRangeList())));
      case SET -> {
        Set<String> items = new LinkedHashSet<>(a.getSet().getItemList());
        b.getSet().getItemList().forEach(items::remove);
        out.setSet(Value.Set.newBuilder().addAllItem(items));
      }
      default -> throw new IllegalArgumentException("unsupported resource type " + a.getType());
    }
    return out.build();
  }

  static boolean contains(Resource a, Resource b) {
    return switch (a.getType()) {
      case SCALAR -> Resources.round(a.getScalar().getValue())
          >= Resources.round(b.getScalar().getValue());
      case RANGES -> RangeMath.contains(a.getRanges().getRangeList(), b.getRanges().getRangeList());
      case SET -> a.getSet().getItemList().containsAll(b.getSet().getItemList());
      default -> false;
    };
  }
}
