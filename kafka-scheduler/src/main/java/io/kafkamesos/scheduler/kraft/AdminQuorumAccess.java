package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.commons.node.Voter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;
import org.apache.kafka.common.Uuid;

/** {@link QuorumAccess} through Kafka's admin client, bootstrapped from the controllers. */
public final class AdminQuorumAccess implements QuorumAccess {

  /** The listener voters are reached on (the executor's {@code CONTROLLER}). */
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KraftAdmin admin;

  public AdminQuorumAccess(KraftAdmin admin) {
    this.admin = Objects.requireNonNull(admin);
  }

  @Override
  public QuorumView describe() {
    QuorumInfo info;
    try {
      info = KraftAdmin.await(admin.controllers().describeMetadataQuorum().quorumInfo(),
          "cannot describe the controller quorum at " + admin.controllerEndpoints());
    } catch (RuntimeException e) {
      admin.resetControllers(); // the next try starts from a fresh client
      throw e;
    }
    return new QuorumView(info.leaderId(), (int) info.leaderEpoch(), info.highWatermark(),
        replicas(info.voters()), replicas(info.observers()));
  }

  @Override
  public void addVoter(int nodeId, String directoryId, Voter endpoint) {
    KraftAdmin.await(admin.controllers().addRaftVoter(nodeId, Uuid.fromString(directoryId),
        Set.of(new RaftVoterEndpoint(CONTROLLER_LISTENER, endpoint.host(), endpoint.port()))).all(),
        "Kafka did not add controller " + nodeId + " (directory " + directoryId + ") as a voter");
  }

  @Override
  public void removeVoter(int nodeId, String directoryId) {
    KraftAdmin.await(admin.controllers().removeRaftVoter(nodeId, Uuid.fromString(directoryId)).all(),
        "Kafka did not remove voter " + nodeId + " (directory " + directoryId + ")");
  }

  static List<QuorumView.Replica> replicas(List<QuorumInfo.ReplicaState> states) {
    return states.stream().map(s -> new QuorumView.Replica(s.replicaId(),
        s.replicaDirectoryId() == null || Uuid.ZERO_UUID.equals(s.replicaDirectoryId()) ? null
            : s.replicaDirectoryId().toString(),
        s.logEndOffset(), s.lastFetchTimestamp().orElse(-1), s.lastCaughtUpTimestamp().orElse(-1)))
        .toList();
  }
}
