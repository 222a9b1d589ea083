package io.kafkamesos.commons.node;

/**
 * The KRaft {@code node.id}s of a cluster's nodes. Brokers keep their broker ids ({@code 0..N-1},
 * {@code BROKER_COUNT} at most {@value #MAX_BROKERS}); controllers get ids from
 * {@value #CONTROLLER_BASE} up ({@code 3000, 3001, 3002}), so the two can never meet:
 *
 * <ul>
 *   <li>a broker id is below {@code BROKER_COUNT}'s bound, which is below the base;
 *   <li>in ZooKeeper mode Kafka refuses a {@code broker.id} above {@code reserved.broker.max.id}
 *       (1000 by default, and the scheduler never overrides it), so a cluster that migrates from
 *       ZooKeeper later has no broker that could collide with a controller provisioned for it;
 *   <li>3000 is the id Kafka's own documentation gives the first controller of a migration, so ids
 *       read the way operators have seen them.
 * </ul>
 *
 * A controller that replaces another (a new volume on another agent) keeps its node id; Kafka tells
 * the two apart by their directory ids.
 */
public final class NodeIds {

  /** The first controller's node id. */
  public static final int CONTROLLER_BASE = 3000;
  /** The most controllers a quorum may have (voters beyond a handful only slow commits). */
  public static final int MAX_CONTROLLERS = 9;
  /** The most brokers a cluster may have: broker ids stay below {@link #CONTROLLER_BASE}. */
  public static final int MAX_BROKERS = 1000;

  private NodeIds() {
  }

  /** The node id of the {@code index}-th controller (0-based). */
  public static int controller(int index) {
    if (index < 0 || index >= MAX_CONTROLLERS) {
      throw new IllegalArgumentException("controller index must be 0.." + (MAX_CONTROLLERS - 1)
          + ": " + index);
    }
    return CONTROLLER_BASE + index;
  }

  /** Whether {@code nodeId} is in the controllers' range. */
  public static boolean isController(int nodeId) {
    return nodeId >= CONTROLLER_BASE && nodeId < CONTROLLER_BASE + MAX_CONTROLLERS;
  }

  /** Whether {@code nodeId} is in the brokers' range. */
  public static boolean isBroker(int nodeId) {
    return nodeId >= 0 && nodeId < MAX_BROKERS;
  }
}
