package io.kafkamesos.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model turns node events into snapshots, rebuilding only the topics that changed. */
class ZooKeeperModelTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private final ZooKeeperModel model = new ZooKeeperModel();

  private void put(String path, String json) {
    model.put(path, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aChangeRebuildsItsTopicOnlyAndNoChangeGivesTheSameSnapshot() {
    put("/brokers/topics/a", "{\"partitions\":{\"0\":[0,1]}}");
    put("/brokers/topics/b", "{\"partitions\":{\"0\":[0,1]}}");
    put("/brokers/topics/a/partitions/0/state", "{\"leader\":0,\"isr\":[0,1]}");
    ClusterSnapshot first = model.snapshot(AT, Optional.empty());
    assertThat(model.snapshot(AT, Optional.empty())).isSameAs(first);

    put("/brokers/topics/a/partitions/0/state", "{\"leader\":1,\"isr\":[1]}");
    ClusterSnapshot second = model.snapshot(AT, Optional.empty());
    assertThat(second).isNotSameAs(first);
    assertThat(second.topics().get("b")).isSameAs(first.topics().get("b"));
    assertThat(second.topics().get("a").partitions().get(0).isr()).containsExactly(1);
    assertThat(second.underReplicated()).hasSize(2); // a-0 (isr 1 of 2) and b-0 (no state yet)
    assertThat(model.snapshot(AT, Optional.of("down"))).as("an error is a new snapshot")
        .isNotSameAs(second).extracting(ClusterSnapshot::error).isEqualTo(Optional.of("down"));
  }

  @Test
  void nodesThatAreNotKafkasAreIgnored() {
    put("/brokers/ids/not-a-number", "{}");
    put("/brokers/seqid", "");
    put("/brokers/topics/t", "not json");
    put("/brokers/topics/t/partitions/x/state", "{}");
    ClusterSnapshot s = model.snapshot(AT, Optional.empty());
    assertThat(s.brokers()).isEmpty();
    assertThat(s.topics().get("t").partitions()).isEmpty();
  }

  @Test
  void internalTopicsAndTopicsMarkedForDeletionAreSaidSo() {
    put("/brokers/topics/__consumer_offsets", "{\"partitions\":{\"0\":[0]}}");
    put("/brokers/topics/t", "{\"partitions\":{\"0\":[0]}}");
    put("/admin/delete_topics/t", "");
    ClusterSnapshot s = model.snapshot(AT, Optional.empty());
    assertThat(s.topics().get("__consumer_offsets").internal()).isTrue();
    assertThat(s.topics().get("t").markedForDeletion()).isTrue();
    assertThat(s.hasTopic("t")).isFalse();
    model.remove("/admin/delete_topics/t");
    assertThat(model.snapshot(AT, Optional.empty()).hasTopic("t")).isTrue();
  }
}
