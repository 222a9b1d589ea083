package io.kafkamesos.commons.node;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a node of a KRaft cluster needs beyond a broker of a ZooKeeper-mode cluster: the cluster id,
 * the controller quorum, and how its storage is to be formatted before its first start.
 *
 * @param clusterId the cluster id the scheduler generated once and keeps in its state
 * @param quorum how the quorum is named ({@link QuorumMode})
 * @param voters the controllers: with a static quorum every voter (in node id order); with a
 *     dynamic one the controllers to bootstrap from (any of them answers with the current voters)
 * @param format how {@code kafka-storage format} prepares an empty volume
 * @param initialControllers for {@link Format#INITIAL}: the argument of {@code --initial-controllers}
 *     ({@code 3000@host:port:<dir id>,...}), the same for every initial controller; else empty
 * @param controllerPort for a combined node, the port of its controller listener (its
 *     {@code port} is its broker listener's); else 0
 */
public record KraftSpec(String clusterId, QuorumMode quorum, List<Voter> voters, Format format,
    String initialControllers, int controllerPort) {

  /** How a node's empty storage is formatted. */
  public enum Format {
    /** With the cluster id alone: brokers, and every node of a static quorum. */
    PLAIN,
    /** A controller of a new dynamic quorum: {@code --initial-controllers} with every initial voter. */
    INITIAL,
    /**
     * A controller that joins a running dynamic quorum ({@code --no-initial-controllers}): it starts
     * as an observer, and the scheduler adds it as a voter once it has caught up.
     */
    JOIN
  }

  public KraftSpec {
    Objects.requireNonNull(clusterId);
    Objects.requireNonNull(quorum);
    voters = List.copyOf(voters);
    Objects.requireNonNull(format);
    initialControllers = initialControllers == null ? "" : initialControllers;
    if (clusterId.isBlank()) {
      throw new IllegalArgumentException("a KRaft node needs the cluster id");
    }
    if (voters.isEmpty()) {
      throw new IllegalArgumentException("a KRaft node needs at least one controller to talk to");
    }
    if (format == Format.INITIAL && initialControllers.isBlank()) {
      throw new IllegalArgumentException("an initial controller needs the initial controllers");
    }
    if (quorum == QuorumMode.STATIC && format != Format.PLAIN) {
      throw new IllegalArgumentException("a static quorum formats every node with the cluster id alone");
    }
  }

  /** {@code controller.quorum.voters}: {@code 3000@host:port,...}. */
  public String votersProperty() {
    return voters.stream().map(Voter::voterEntry).collect(Collectors.joining(","));
  }

  /** {@code controller.quorum.bootstrap.servers}: {@code host:port,...}. */
  public String bootstrapServers() {
    return voters.stream().map(Voter::endpoint).collect(Collectors.joining(","));
  }
}
