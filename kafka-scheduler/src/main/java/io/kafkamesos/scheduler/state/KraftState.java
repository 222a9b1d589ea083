package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the scheduler keeps about a KRaft cluster's metadata, chosen once: the cluster id every
 * node's storage is formatted with, how the quorum is named, and (dynamic quorums) the initial
 * controllers: the directory id chosen for each, and once the first of them was launched, the
 * initial voter set every initial controller formats with (it must be the same on all of them).
 *
 * @param clusterId Kafka's cluster id (22 characters of base64, as {@code kafka-storage random-uuid})
 * @param quorum static or dynamic, as the cluster's Kafka version runs it when it was installed
 * @param directoryIds the metadata directory id of each initial controller, by node id
 * @param initialVoters the initial voter set, frozen when the first initial controller launched;
 *     empty before (the cluster was not bootstrapped yet)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KraftState(String clusterId, QuorumMode quorum, Map<Integer, String> directoryIds,
    List<InitialVoter> initialVoters) {

  /**
   * One controller of the initial voter set, where it was when the quorum was bootstrapped.
   *
   * @param volumeId its persistent volume then: a controller on another volume (replaced) is no
   *     longer an initial controller and joins the quorum instead
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InitialVoter(int nodeId, String host, int port, String directoryId, String volumeId) {
    public InitialVoter {
      Objects.requireNonNull(host);
      Objects.requireNonNull(directoryId);
      Objects.requireNonNull(volumeId);
    }

    public Voter voter() {
      return new Voter(nodeId, host, port);
    }
  }

  public KraftState {
    Objects.requireNonNull(clusterId);
    Objects.requireNonNull(quorum);
    directoryIds = directoryIds == null ? Map.of() : new TreeMap<>(directoryIds);
    initialVoters = initialVoters == null ? List.of() : List.copyOf(initialVoters);
  }

  /** Whether the initial controllers were launched (their voter set is frozen). */
  public boolean bootstrapped() {
    return !initialVoters.isEmpty();
  }

  /** The state once the initial voter set is frozen. */
  public KraftState bootstrappedWith(List<InitialVoter> voters) {
    return new KraftState(clusterId, quorum, directoryIds, voters);
  }

  /** The initial voter entry of a controller, if it is one. */
  public Optional<InitialVoter> initialVoter(int nodeId) {
    return initialVoters.stream().filter(v -> v.nodeId() == nodeId).findFirst();
  }

  /** {@code --initial-controllers}: {@code 3000@host:port:<dir>,...}. */
  public String initialControllers() {
    return String.join(",", initialVoters.stream()
        .map(v -> v.voter().initialEntry(v.directoryId())).toList());
  }
}
