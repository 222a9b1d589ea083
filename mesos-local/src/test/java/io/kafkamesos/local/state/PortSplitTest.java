package io.kafkamesos.local.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.mesos.resources.Resources;
import org.junit.jupiter.api.Test;

class PortSplitTest {

  @Test
  void dividesPortsIntoDisjointSlices() {
    Resources base = Resources.parse("cpus:2;ports:[31000-32000]");
    assertThat(PortSplit.forAgent(base, 3, 0).toQuantities())
        .containsEntry("ports", "[31000-31332]").containsEntry("cpus", 2.0);
    assertThat(PortSplit.forAgent(base, 3, 1).toQuantities()).containsEntry("ports",
        "[31333-31665]");
    assertThat(PortSplit.forAgent(base, 3, 2).toQuantities()).containsEntry("ports",
        "[31666-32000]");
  }

  @Test
  void splitsAcrossSeveralRanges() {
    Resources base = Resources.parse("ports:[100-101,200-203]");
    assertThat(PortSplit.forAgent(base, 2, 0).toQuantities()).containsEntry("ports",
        "[100-101, 200-200]");
    assertThat(PortSplit.forAgent(base, 2, 1).toQuantities()).containsEntry("ports",
        "[201-203]");
  }

  @Test
  void refusesTooFewPorts() {
    assertThatThrownBy(() -> PortSplit.forAgent(Resources.parse("ports:[1-2]"), 3, 0))
        .hasMessageContaining("too small");
  }

  @Test
  void givesEachAgentItsOwnLoopbackAddress() {
    assertThat(LocalLayout.hostname(0)).isEqualTo("127.0.0.1");
    assertThat(LocalLayout.hostname(2)).isEqualTo("127.0.0.3");
    assertThat(LocalLayout.hostname(253)).isEqualTo("127.0.0.254");
    assertThat(LocalLayout.hostname(254)).isEqualTo("127.0.1.1");
  }
}
