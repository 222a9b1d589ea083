package io.kafkamesos.commons.node;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's Mesos task id: the kind, the node id and a fresh uuid per launch, as the seed spelled
 * broker tasks: {@code broker-0__<uuid>}, {@code controller-3000__<uuid>},
 * {@code combined-0__<uuid>}.
 */
public record NodeTaskId(NodeKind kind, int nodeId, String uuid) {

  private static final Pattern FORMAT =
      Pattern.compile("(broker|controller|combined)-(\\d+)__([0-9a-fA-F-]{36})");

  public NodeTaskId {
    Objects.requireNonNull(kind);
    if (nodeId < 0) {
      throw new IllegalArgumentException("node id must be >= 0: " + nodeId);
    }
    Objects.requireNonNull(uuid);
  }

  /** A fresh task id for a node. */
  public static NodeTaskId next(NodeKind kind, int nodeId) {
    return new NodeTaskId(kind, nodeId, UUID.randomUUID().toString());
  }

  /** The node task id a Mesos task id spells, if it is one. */
  public static Optional<NodeTaskId> parse(String taskId) {
    Matcher m = FORMAT.matcher(taskId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new NodeTaskId(NodeKind.ofPrefix(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3)));
  }

  /** The executor id of the node's executor: one executor per task. */
  public String executorId() {
    return kind.prefix() + "-" + nodeId + "__executor__" + uuid;
  }

  @Override
  public String toString() {
    return kind.prefix() + "-" + nodeId + "__" + uuid;
  }
}
