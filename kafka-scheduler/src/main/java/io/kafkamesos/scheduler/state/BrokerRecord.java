package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kafkamesos.commons.node.NodeKind;
import java.util.Objects;

/**
 * What the scheduler remembers of one node of the cluster: a broker, or a KRaft controller. Fields
 * that are unknown yet are null (a node never launched has no task, agent or host).
 *
 * @param brokerId the node's id: a broker's broker id, a controller's KRaft node id
 * @param state where the broker is in its life
 * @param taskId the Mesos task id of its latest launch, or null
 * @param nextTaskId the task id its next launch will use, chosen early so a restart can answer it
 * @param agentId the agent of its latest launch, or null
 * @param hostname the host of its latest launch, or null
 * @param port the port of its latest launch, 0 if none
 * @param reservation its reservation and volume with {@code pv}, or null
 * @param configId the configuration its latest launch ran with, or null
 * @param restart whether a restart was asked for
 * @param lastStatus the latest task state Mesos reported, with its message, or null
 * @param lastRestartReason why it was last (re)launched, or null
 * @param failures consecutive failures, for the relaunch backoff
 * @param failedAtMillis when it last failed (epoch millis), 0 if never
 * @param runningSinceMillis when it last started running (epoch millis), 0 if never
 * @param targetId the target configuration its latest launch ran with, or null (launched before
 *     targets were kept)
 * @param kafkaVersion the Kafka version its latest launch ran ({@code 3.9.1}; the executor refuses an
 *     archive of another), or null (launched before versions were kept: 2.4.1)
 * @param kind what the node runs; null in a record stored before nodes had kinds: a broker
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BrokerRecord(
    int brokerId,
    BrokerState state,
    String taskId,
    String nextTaskId,
    String agentId,
    String hostname,
    int port,
    Reservation reservation,
    String configId,
    RestartMode restart,
    String lastStatus,
    String lastRestartReason,
    int failures,
    long failedAtMillis,
    long runningSinceMillis,
    String targetId,
    String kafkaVersion,
    NodeKind kind) {

  @com.fasterxml.jackson.annotation.JsonCreator
  public BrokerRecord {
    if (brokerId < 0) {
      throw new IllegalArgumentException("broker id must be >= 0: " + brokerId);
    }
    Objects.requireNonNull(state);
    restart = restart == null ? RestartMode.NONE : restart;
    kind = kind == null ? NodeKind.BROKER : kind;
  }

  /** A broker's record (as stored before nodes had kinds). */
  public BrokerRecord(int brokerId, BrokerState state, String taskId, String nextTaskId, String agentId,
      String hostname, int port, Reservation reservation, String configId, RestartMode restart,
      String lastStatus, String lastRestartReason, int failures, long failedAtMillis,
      long runningSinceMillis, String targetId, String kafkaVersion) {
    this(brokerId, state, taskId, nextTaskId, agentId, hostname, port, reservation, configId, restart,
        lastStatus, lastRestartReason, failures, failedAtMillis, runningSinceMillis, targetId,
        kafkaVersion, NodeKind.BROKER);
  }

  /** How logs and messages name the node: {@code broker 0}, {@code controller 3000}. */
  public String describe() {
    return kind.describe(brokerId);
  }
  /** A record without a target id (as stored before targets were kept). */
  public BrokerRecord(int brokerId, BrokerState state, String taskId, String nextTaskId, String agentId,
      String hostname, int port, Reservation reservation, String configId, RestartMode restart,
      String lastStatus, String lastRestartReason, int failures, long failedAtMillis,
      long runningSinceMillis) {
    this(brokerId, state, taskId, nextTaskId, agentId, hostname, port, reservation, configId, restart,
        lastStatus, lastRestartReason, failures, failedAtMillis, runningSinceMillis, null, null,
        NodeKind.BROKER);
  }

  /** A record without a Kafka version (as stored before versions were kept). */
  public BrokerRecord(int brokerId, BrokerState state, String taskId, String nextTaskId, String agentId,
      String hostname, int port, Reservation reservation, String configId, RestartMode restart,
      String lastStatus, String lastRestartReason, int failures, long failedAtMillis,
      long runningSinceMillis, String targetId) {
    this(brokerId, state, taskId, nextTaskId, agentId, hostname, port, reservation, configId, restart,
        lastStatus, lastRestartReason, failures, failedAtMillis, runningSinceMillis, targetId, null,
        NodeKind.BROKER);
  }

  /** The same broker, noted as launched with Kafka {@code version}. */
  public BrokerRecord withKafkaVersion(String version) {
    return new BrokerRecord(brokerId, state, taskId, nextTaskId, agentId, hostname, port, reservation,
        configId, restart, lastStatus, lastRestartReason, failures, failedAtMillis, runningSinceMillis,
        targetId, version, kind);
  }

  /** A broker that was never launched. */
  public static BrokerRecord pending(int brokerId, String nextTaskId, String reason) {
    return pending(NodeKind.BROKER, brokerId, nextTaskId, reason);
  }

  /** A node that was never launched. */
  public static BrokerRecord pending(NodeKind kind, int nodeId, String nextTaskId, String reason) {
    return new BrokerRecord(nodeId, BrokerState.PENDING, null, nextTaskId, null, null, 0, null,
        null, RestartMode.NONE, null, reason, 0, 0, 0, null, null, kind);
  }

  public BrokerRecord withState(BrokerState newState) {
    return new BrokerRecord(brokerId, newState, taskId, nextTaskId, agentId, hostname, port,
        reservation, configId, restart, lastStatus, lastRestartReason, failures, failedAtMillis,
        runningSinceMillis, targetId, kafkaVersion, kind);
  }

  public BrokerRecord withNextTaskId(String next) {
    return new BrokerRecord(brokerId, state, taskId, next, agentId, hostname, port, reservation,
        configId, restart, lastStatus, lastRestartReason, failures, failedAtMillis, runningSinceMillis,
        targetId, kafkaVersion, kind);
  }

  public BrokerRecord withRestart(RestartMode mode, String reason) {
    return new BrokerRecord(brokerId, state, taskId, nextTaskId, agentId, hostname, port,
        reservation, configId, mode, lastStatus, reason, failures, failedAtMillis, runningSinceMillis,
        targetId, kafkaVersion, kind);
  }

  public BrokerRecord withReservation(Reservation newReservation) {
    return new BrokerRecord(brokerId, state, taskId, nextTaskId, agentId, hostname, port,
        newReservation, configId, restart, lastStatus, lastRestartReason, failures, failedAtMillis,
        runningSinceMillis, targetId, kafkaVersion, kind);
  }

  /** Marks a launch: the broker's new task, where it goes, and what it runs with. */
  public BrokerRecord launched(String newTaskId, String newAgentId, String newHostname, int newPort,
      Reservation newReservation, String newConfigId) {
    return launched(newTaskId, newAgentId, newHostname, newPort, newReservation, newConfigId, targetId);
  }

  /** Marks a launch with the target configuration it runs. */
  public BrokerRecord launched(String newTaskId, String newAgentId, String newHostname, int newPort,
      Reservation newReservation, String newConfigId, String newTargetId) {
    return new BrokerRecord(brokerId, BrokerState.STAGING, newTaskId, null, newAgentId, newHostname,
        newPort, newReservation, newConfigId, RestartMode.NONE, null, lastRestartReason, failures,
        failedAtMillis, 0, newTargetId, kafkaVersion, kind);
  }

  /** The same broker, noted as running {@code newTargetId} (a target that needs no relaunch). */
  public BrokerRecord withTargetId(String newTargetId) {
    return new BrokerRecord(brokerId, state, taskId, nextTaskId, agentId, hostname, port, reservation,
        configId, restart, lastStatus, lastRestartReason, failures, failedAtMillis, runningSinceMillis,
        newTargetId, kafkaVersion, kind);
  }

  /** Records a task state that keeps the broker's state, e.g. a status of the current task. */
  public BrokerRecord withStatus(BrokerState newState, String status, long runningSince) {
    return new BrokerRecord(brokerId, newState, taskId, nextTaskId, agentId, hostname, port,
        reservation, configId, restart, status, lastRestartReason, failures, failedAtMillis, runningSince,
        targetId, kafkaVersion, kind);
  }

  /** The broker's task ended; it must be launched again ({@code failed}: after a backoff). */
  public BrokerRecord ended(boolean failed, String status, String reason, int newFailures, long failedAt,
      boolean keepReservation) {
    return new BrokerRecord(brokerId, failed ? BrokerState.FAILED : BrokerState.PENDING, taskId,
        nextTaskId, agentId, hostname, port, keepReservation ? reservation : null, configId,
        RestartMode.NONE, status, reason, newFailures, failedAt, 0, targetId, kafkaVersion, kind);
  }
}
