package io.kafkamesos.commons.node;

import java.util.Locale;

/**
 * What a node of a cluster runs: a broker, a KRaft controller (a member of the metadata quorum),
 * or both in one process (KRaft's combined mode, only where the operator asks for it). A
 * ZooKeeper-mode cluster has brokers only. The kind is data: the task spec, the task id, the
 * scheduler's records, its offer evaluator and its plan carry it, and everything that differs
 * between kinds asks it.
 */
public enum NodeKind {
  BROKER,
  CONTROLLER,
  COMBINED;

  /** Whether the node serves clients and holds partitions ({@code process.roles} has broker). */
  public boolean broker() {
    return this != CONTROLLER;
  }

  /** Whether the node is a member of the KRaft quorum ({@code process.roles} has controller). */
  public boolean controller() {
    return this != BROKER;
  }

  /** Kafka's {@code process.roles}. */
  public String processRoles() {
    return switch (this) {
      case BROKER -> "broker";
      case CONTROLLER -> "controller";
      case COMBINED -> "broker,controller";
    };
  }

  /**
   * The name of the kind in task ids, executor ids and volume ids ({@code controller-3000__<uuid>}):
   * {@code broker}, {@code controller}, {@code combined}.
   */
  public String prefix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How logs and messages name a node of this kind: {@code broker 0}, {@code controller 3000}. */
  public String describe(int nodeId) {
    return switch (this) {
      case BROKER -> "broker " + nodeId;
      case CONTROLLER -> "controller " + nodeId;
      case COMBINED -> "broker " + nodeId + " (also a controller)";
    };
  }

  /** The kind a task id prefix names, or null. */
  public static NodeKind ofPrefix(String prefix) {
    for (NodeKind kind : values()) {
      if (kind.prefix().equals(prefix)) {
        return kind;
      }
    }
    return null;
  }
}
