package io.kafkamesos.commons.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.MasterInfo;

/**
 * How Mesos masters register in ZooKeeper, read without ZooKeeper (pure): each master is an
 * ephemeral sequential child of the masters' path, named {@code json.info_<10-digit sequence>} with
 * its {@code MasterInfo} as JSON (older masters: {@code info_<seq>}, protobuf). The member with the
 * lowest sequence is the leader, whatever its label, as Mesos' own detector decides.
 */
public final class MasterRegistrations {

  /** The label of JSON registrations (Mesos' {@code MASTER_INFO_JSON_LABEL}). */
  public static final String JSON_LABEL = "json.info";
  /** The label of protobuf registrations of masters before 0.24. */
  public static final String PROTOBUF_LABEL = "info";

  private static final Pattern MEMBER = Pattern.compile("(?:(.+)_)?(\\d+)");
  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private MasterRegistrations() {
  }

  /**
   * One member of the group: a child whose name ends in {@code _<sequence>}.
   *
   * @param node the child's name
   * @param label what precedes {@code _<sequence>}, or empty
   */
  public record Member(String node, Optional<String> label, long sequence) {
  }

  /** The leading member among the children of the masters' path: the lowest sequence. */
  public static Optional<Member> leader(List<String> children) {
    return children.stream()
        .map(MasterRegistrations::member)
        .flatMap(Optional::stream)
        .min(Comparator.comparingLong(Member::sequence));
  }

  private static Optional<Member> member(String node) {
    Matcher m = MEMBER.matcher(node);
    if (!m.matches()) {
      return Optional.empty(); // not a member (such as log_replicas, the replicated log's node)
    }
    try {
      return Optional.of(new Member(node, Optional.ofNullable(m.group(1)), Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a member's data.
   *
   * @throws IllegalArgumentException when the label is unknown or the data is not a MasterInfo
   */
  public static MasterInfo parse(Member member, byte[] data) {
    String label = member.label().orElse("");
    try {
      if (label.equals(JSON_LABEL)) {
        MasterInfo.Builder info = MasterInfo.newBuilder();
        JSON.merge(new String(data, StandardCharsets.UTF_8), info);
        return info.buildPartial();
      }
      if (label.equals(PROTOBUF_LABEL)) {
        return MasterInfo.newBuilder().mergeFrom(data).buildPartial();
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("the data of " + member.node() + " is not a MasterInfo: "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException("the leading member " + member.node()
        + " has an unknown label '" + label + "' (expected " + JSON_LABEL + ")");
  }

  /**
   * The base URL of a registered master: {@code address.hostname} (else {@code hostname}, else the
   * IP) and {@code address.port}, as the master's own redirects name the leader by host name.
   *
   * @param scheme {@code http}, or {@code https} when the masters speak TLS
   * @throws IllegalArgumentException when the registration names neither a host nor an IP
   */
  public static URI baseUrl(MasterInfo info, String scheme) {
    String host = null;
    if (info.hasAddress() && !info.getAddress().getHostname().isEmpty()) {
      host = info.getAddress().getHostname();
    } else if (!info.getHostname().isEmpty()) {
      host = info.getHostname();
    } else if (info.hasAddress() && !info.getAddress().getIp().isEmpty()) {
      host = info.getAddress().getIp();
    } else if (info.hasIp()) {
      host = ipOfNetworkOrder(info.getIp());
    }
    if (host == null) {
      throw new IllegalArgumentException("master " + info.getId() + " registered no host name or IP");
    }
    int port = info.hasAddress() && info.getAddress().getPort() > 0
        ? info.getAddress().getPort() : info.getPort();
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create(scheme + "://" + hostPart + ":" + port);
  }

  /** Mesos keeps {@code MasterInfo.ip} in network byte order (MESOS-1201). */
  static String ipOfNetworkOrder(int ip) {
    return (ip & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 24) & 0xff);
  }
}
