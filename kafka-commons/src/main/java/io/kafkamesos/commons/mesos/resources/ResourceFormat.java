package io.kafkamesos.commons.mesos.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * The two formats of reserved resources (before and after reservation refinement), Mesos' text
 * notation, and the agent resource string parser.
 */
public final class ResourceFormat {

  private ResourceFormat() {
  }

  /** To the refinement format: {@code role}/{@code reservation} become a {@code reservations} entry. */
  public static Resource upgrade(Resource r) {
    if (r.getReservationsCount() > 0 || (!r.hasRole() && !r.hasReservation())) {
      return r.hasRole() || r.hasReservation()
          ? r.toBuilder().clearRole().clearReservation().build() : r;
    }
    Resource.Builder b = r.toBuilder().clearRole().clearReservation();
    if ("*".equals(r.getRole()) && !r.hasReservation()) {
      return b.build();
    }
    Resource.ReservationInfo.Builder info = r.hasReservation()
        ? r.getReservation().toBuilder().setType(Resource.ReservationInfo.Type.DYNAMIC)
        : Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.STATIC);
    info.setRole(r.getRole());
    return b.addReservations(info).build();
  }

  /** Whether a resource mixes both formats, which Mesos refuses. */
  public static boolean mixesFormats(Resource r) {
    return r.getReservationsCount() > 0 && (r.hasRole() || r.hasReservation());
  }

  /**
   * To the pre-refinement format that frameworks without the RESERVATION_REFINEMENT capability see:
   * {@code role} ({@code "*"} when unreserved) and, for dynamic reservations, {@code reservation}.
   */
  public static Resource downgrade(Resource r) {
    return convert(r, true);
  }

  /** Both formats at once, as Mesos' endpoints show reserved resources. */
  public static Resource endpoint(Resource r) {
    return convert(r, false);
  }

  private static Resource convert(Resource r, boolean clearReservations) {
    Resource.Builder b = r.toBuilder();
    if (r.getReservationsCount() == 0) {
      return b.setRole("*").build();
    }
    Resource.ReservationInfo source = r.getReservations(r.getReservationsCount() - 1);
    if (source.getType() == Resource.ReservationInfo.Type.DYNAMIC) {
      Resource.ReservationInfo.Builder target = Resource.ReservationInfo.newBuilder();
      if (source.hasPrincipal()) {
        target.setPrincipal(source.getPrincipal());
      }
      if (source.hasLabels()) {
        target.setLabels(source.getLabels());
      }
      b.setReservation(target);
    }
    b.setRole(source.getRole());
    if (clearReservations) {
      b.clearReservations();
    }
    return b.build();
  }

  static List<Resource> parse(String text) {
    List<Resource> out = new ArrayList<>();
    for (String part : text.split(";")) {
      String token = part.trim();
      if (token.isEmpty()) {
        continue;
      }
      int colon = token.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("bad resource '" + token + "': expected name:value");
      }
      String name = token.substring(0, colon).trim();
      String value = token.substring(colon + 1).trim();
      String role = null;
      int paren = name.indexOf('(');
      if (paren > 0 && name.endsWith(")")) {
        role = name.substring(paren + 1, name.length() - 1);
        name = name.substring(0, paren);
      }
      Resource.Builder b = Resource.newBuilder().setName(name);
      try {
        if (value.startsWith("[")) {
          b.setType(Value.Type.RANGES).setRanges(parseRanges(value));
        } else if (value.startsWith("{")) {
          b.setType(Value.Type.SET).setSet(Value.Set.newBuilder().addAllItem(
              List.of(value.substring(1, value.length() - 1).split(",")).stream()
                  .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        } else {
          double d = Double.parseDouble(value);
          if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NumberFormatException("negative");
          }
          b.setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(d));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad resource value in '" + token + "'", e);
      }
      if (role != null && !role.equals("*")) {
        b.addReservations(Resource.ReservationInfo.newBuilder()
            .setType(Resource.ReservationInfo.Type.STATIC).setRole(role));
      }
      out.add(b.build());
    }
    return out;
  }

  private static Value.Ranges parseRanges(String value) {
    if (!value.endsWith("]")) {
      throw new IllegalArgumentException("unterminated range");
    }
    Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
    for (String r : value.substring(1, value.length() - 1).split(",")) {
      String[] ends = r.trim().split("-");
      if (ends.length != 2) {
        throw new IllegalArgumentException("bad range " + r);
      }
      long begin = Long.parseLong(ends[0].trim());
      long end = Long.parseLong(ends[1].trim());
      if (begin > end || begin < 0) {
        throw new IllegalArgumentException("bad range " + r);
      }
      ranges.addRange(RangeMath.range(begin, end));
    }
    return ranges.build();
  }

  public static String rangesText(List<Value.Range> ranges) {
    return ranges.stream().map(r -> r.getBegin() + "-" + r.getEnd())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static String toText(Resource r) {
    StringBuilder s = new StringBuilder(r.getName());
    if (r.hasAllocationInfo()) {
      s.append("(allocated: ").append(r.getAllocationInfo().getRole()).append(')');
    }
    if (r.getReservationsCount() > 0) {
      s.append("(reservations: [").append(r.getReservationsList().stream().map(info -> {
        StringBuilder i = new StringBuilder("(").append(info.getType()).append(',')
            .append(info.getRole());
        if (info.hasPrincipal()) {
          i.append(',').append(info.getPrincipal());
        }
        return i.append(')').toString();
      }).collect(Collectors.joining(","))).append("])");
    }
    if (r.hasDisk()) {
      s.append('[');
      if (r.getDisk().hasPersistence()) {
        s.append(r.getDisk().getPersistence().getId()).append(':')
            .append(r.getDisk().getVolume().getContainerPath());
      }
      s.append(']');
    }
    if (r.hasRevocable()) {
      s.append("{REV}");
    }
    if (r.hasShared()) {
      s.append("<SHARED>");
    }
    s.append(':');
    switch (r.getType()) {
      case SCALAR -> s.append(scalarText(r.getScalar().getValue()));
      case RANGES -> s.append(rangesText(r.getRanges().getRangeList()));
      case SET -> s.append(r.getSet().getItemList().stream()
          .collect(Collectors.joining(",", "{", "}")));
      default -> s.append('?');
    }
    return s.toString();
  }

  private static String scalarText(double v) {
    double rounded = Resources.round(v);
    return rounded == Math.rint(rounded) ? Long.toString((long) rounded)
        : String.format(Locale.ROOT, "%s", rounded);
  }
}
