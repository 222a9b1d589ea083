package io.kafkamesos.commons.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeTaskIdTest {

  @Test
  void spellsTheKindAndTheNodeId() {
    NodeTaskId id = NodeTaskId.next(NodeKind.CONTROLLER, 3001);
    assertThat(id.toString()).startsWith("controller-3001__");
    assertThat(id.executorId()).startsWith("controller-3001__executor__");
    assertThat(NodeTaskId.parse(id.toString())).contains(id);
  }

  @Test
  void readsTheSeedsBrokerTaskIds() {
    assertThat(NodeTaskId.parse("broker-0__3f2b4c8e-1d2a-4b5c-9e6f-7a8b9c0d1e2f"))
        .contains(new NodeTaskId(NodeKind.BROKER, 0, "3f2b4c8e-1d2a-4b5c-9e6f-7a8b9c0d1e2f"));
    assertThat(NodeTaskId.parse("combined-2__3f2b4c8e-1d2a-4b5c-9e6f-7a8b9c0d1e2f").orElseThrow()
        .kind()).isEqualTo(NodeKind.COMBINED);
    assertThat(NodeTaskId.parse("zookeeper-0__3f2b4c8e-1d2a-4b5c-9e6f-7a8b9c0d1e2f")).isEmpty();
    assertThat(NodeTaskId.parse("broker-0")).isEmpty();
  }

  @Test
  void controllerIdsNeverMeetBrokerIds() {
    assertThat(NodeIds.controller(0)).isEqualTo(3000);
    assertThat(NodeIds.isController(3008)).isTrue();
    assertThat(NodeIds.isBroker(NodeIds.MAX_BROKERS - 1)).isTrue();
    for (int i = 0; i < NodeIds.MAX_CONTROLLERS; i++) {
      assertThat(NodeIds.isBroker(NodeIds.controller(i))).isFalse();
    }
    assertThatThrownBy(() -> NodeIds.controller(NodeIds.MAX_CONTROLLERS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kindsSayTheirRoles() {
    assertThat(NodeKind.BROKER.processRoles()).isEqualTo("broker");
    assertThat(NodeKind.CONTROLLER.processRoles()).isEqualTo("controller");
    assertThat(NodeKind.COMBINED.processRoles()).isEqualTo("broker,controller");
    assertThat(NodeKind.COMBINED.broker()).isTrue();
    assertThat(NodeKind.COMBINED.controller()).isTrue();
    assertThat(NodeKind.CONTROLLER.broker()).isFalse();
  }

  @Test
  void votersReadAndWriteKafkasSpelling() {
    Voter v = Voter.parse("3000@127.0.0.2:31000");
    assertThat(v).isEqualTo(new Voter(3000, "127.0.0.2", 31000));
    assertThat(v.initialEntry("yq58JYrzTZOUa1etyvYw4A"))
        .isEqualTo("3000@127.0.0.2:31000:yq58JYrzTZOUa1etyvYw4A");
    assertThatThrownBy(() -> Voter.parse("127.0.0.2:31000")).hasMessageContaining("id@host:port");
  }
}
