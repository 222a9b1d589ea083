package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.node.KraftSpec;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.commons.node.Voter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageFormatTest {

  private static final List<Voter> VOTERS = List.of(new Voter(3000, "h", 1));

  @Test
  void formatsEachKindAsItsQuorumNeeds() {
    Path file = Path.of("/sandbox/server.properties");
    assertThat(StorageFormat.arguments(new KraftSpec("cid", QuorumMode.STATIC, VOTERS,
        KraftSpec.Format.PLAIN, "", 0), file))
        .containsExactly("format", "--cluster-id=cid", "--config", "/sandbox/server.properties");
    // a ZooKeeper-mode cluster's id Kafka made may start with '-': still the option's value
    assertThat(StorageFormat.arguments(new KraftSpec("-q--pCkwROaK30wAIvhE6Q", QuorumMode.STATIC,
        VOTERS, KraftSpec.Format.PLAIN, "", 0), file)).contains("--cluster-id=-q--pCkwROaK30wAIvhE6Q");
    assertThat(StorageFormat.arguments(new KraftSpec("cid", QuorumMode.DYNAMIC, VOTERS,
        KraftSpec.Format.INITIAL, "3000@h:1:dir", 0), file))
        .endsWith("--initial-controllers", "3000@h:1:dir");
    assertThat(StorageFormat.arguments(new KraftSpec("cid", QuorumMode.DYNAMIC, VOTERS,
        KraftSpec.Format.JOIN, "", 0), file)).endsWith("--no-initial-controllers");
  }

  @Test
  void readsWhatKafkaWroteAndNothingWhereItWroteNothing(@TempDir Path dir) throws IOException {
    assertThat(StorageFormat.read(dir)).isEmpty();
    Files.writeString(dir.resolve("meta.properties"),
        "#\nnode.id=3000\ndirectory.id=yq58JYrzTZOUa1etyvYw4A\nversion=1\ncluster.id=6DGR\n");
    assertThat(StorageFormat.read(dir))
        .contains(new StorageFormat.Meta("6DGR", "3000", "yq58JYrzTZOUa1etyvYw4A"));
  }

  @Test
  void aBrokerMigratedFromZooKeeperKeepsItsVersion0FileWithItsBrokerId(@TempDir Path dir)
      throws IOException {
    // as a ZooKeeper-mode broker of Kafka 3.9 writes it: the KRaft broker starts on it as it is
    Files.writeString(dir.resolve("meta.properties"),
        "#\nversion=0\nbroker.id=2\ncluster.id=Zk4Xc9\n");
    assertThat(StorageFormat.read(dir)).contains(new StorageFormat.Meta("Zk4Xc9", "2", ""));
  }

  @Test
  void aControllerHasJoinedTheQuorumOnceItKnowsALeaderAsAVoter() {
    assertThat(new KraftControllerProbe.RaftState("leader", 3000).joined(false)).isTrue();
    assertThat(new KraftControllerProbe.RaftState("follower", 3000).joined(false)).isTrue();
    assertThat(new KraftControllerProbe.RaftState("follower", -1).joined(false)).isFalse();
    assertThat(new KraftControllerProbe.RaftState("candidate", -1).joined(false)).isFalse();
    assertThat(new KraftControllerProbe.RaftState("unattached", 3000).joined(false)).isFalse();
    // a controller formatted to join a running quorum starts as an observer
    assertThat(new KraftControllerProbe.RaftState("observer", 3000).joined(false)).isFalse();
    assertThat(new KraftControllerProbe.RaftState("observer", 3000).joined(true)).isTrue();
  }
}
