package io.kafkamesos.scheduler.offer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.resources.RangeMath;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

/** Which ports a node takes from what an offer has free (issue 15's switch-on among them). */
class PortChoiceTest {

  private static List<Value.Range> free(long... bounds) {
    List<Value.Range> ranges = new java.util.ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      ranges.add(RangeMath.range(bounds[i], bounds[i + 1]));
    }
    return ranges;
  }

  @Test
  void aRunStartsAtTheRecordedPortWhenItFitsThereElseAtTheLowestRunThatFits() {
    assertThat(PortChoice.consecutive(free(31000, 31010), 31004, 2)).hasValue(List.of(31004, 31005));
    assertThat(PortChoice.consecutive(free(31000, 31000, 31004, 31004, 31007, 31009), 31004, 2))
        .hasValue(List.of(31007, 31008));
    assertThat(PortChoice.consecutive(free(31000, 31000, 31004, 31004), 0, 2)).isEmpty();
    assertThat(PortChoice.consecutive(free(31003, 31003), 31003, 1)).hasValue(List.of(31003));
  }

  @Test
  void aSwitchedBrokerKeepsItsRecordedPortAsPlaintextAndTakesTheTwoAfterIt() {
    assertThat(PortChoice.switched(free(11600, 11699), 11602, Set.of(11600, 11601, 11602)))
        .hasValue(List.of(11602, 11603, 11604));
  }

  /**
   * The failure TlsSwitchOnIT found: broker 2 (11602) relaunched where 11603 and 11604 were not
   * free took the lowest run, 11600-11602, so 11602 became its INTERNAL (TLS) port while the other
   * brokers still reached it there in plaintext. Now 11602 stays PLAINTEXT and the TLS ports go
   * elsewhere, never onto broker 0's or 1's PLAINTEXT port (11600, 11601: free while they relaunch).
   */
  @Test
  void whenThePortsAfterItAreTakenItsTlsPortsAvoidEveryPlaintextPort() {
    List<Value.Range> offered = free(11600, 11602, 11605, 11699);

    assertThat(PortChoice.switched(offered, 11602, Set.of(11600, 11601, 11602)))
        .hasValue(List.of(11602, 11605, 11606));
  }

  @Test
  void oneOfThePortsAfterItMayStayAndTheOtherGoElsewhere() {
    assertThat(PortChoice.switched(free(11602, 11603, 11610, 11699), 11602, Set.of(11602, 11604)))
        .hasValue(List.of(11602, 11603, 11610));
    // the port after it is another broker's PLAINTEXT port: skipped even when free
    assertThat(PortChoice.switched(free(11600, 11699), 11602, Set.of(11602, 11603)))
        .hasValue(List.of(11602, 11600, 11604));
  }

  @Test
  void withoutItsRecordedPortFreeTheBrokerWaits() {
    assertThat(PortChoice.switched(free(11603, 11699), 11602, Set.of(11602))).isEmpty();
  }

  @Test
  void withoutTwoPortsThatAreNoPlaintextPortTheBrokerWaits() {
    assertThat(PortChoice.switched(free(11600, 11602), 11602, Set.of(11600, 11601, 11602))).isEmpty();
    assertThat(PortChoice.switched(free(11600, 11603), 11602, Set.of(11600, 11601, 11602))).isEmpty();
  }

  @Test
  void aBrokerNeverLaunchedTakesNoBrokersPlaintextPortAtAll() {
    assertThat(PortChoice.switched(free(11600, 11699), 0, Set.of(11600, 11601, 11602)))
        .hasValue(List.of(11603, 11604, 11605));
    assertThat(PortChoice.switched(free(11600, 11602), 0, Set.of(11600, 11601, 11602))).isEmpty();
  }

  /**
   * The IT's layout: three brokers on one agent (11600-11699) at 11600, 11601, 11602, each
   * relaunched in turn for both stages of the switch (its old ports free again, the others' held):
   * every broker keeps its PLAINTEXT port, no TLS port is ever a PLAINTEXT one, and the second
   * stage gives each broker the TLS ports it had in the first.
   */
  @Test
  void rollingThreeBrokersOnOneAgentTwiceKeepsEveryPlaintextPortAndMovesNoTlsPort() {
    java.util.Map<Integer, List<Integer>> held = new java.util.TreeMap<>(java.util.Map.of(
        0, List.of(11600), 1, List.of(11601), 2, List.of(11602)));
    Set<Integer> plaintext = Set.of(11600, 11601, 11602);
    java.util.Map<Integer, List<Integer>> firstStage = new java.util.HashMap<>();
    for (int stage = 0; stage < 2; stage++) {
      for (int id = 0; id < 3; id++) {
        held.remove(id);
        List<Value.Range> offered = RangeMath.subtract(free(11600, 11699), held.values().stream()
            .flatMap(List::stream).map(p -> RangeMath.range(p, p)).toList());

        List<Integer> ports = PortChoice.switched(offered, 11600 + id, plaintext).orElseThrow();

        assertThat(ports.get(0)).isEqualTo(11600 + id);
        assertThat(ports.subList(1, 3)).doesNotContainAnyElementsOf(plaintext);
        if (stage == 0) {
          firstStage.put(id, ports);
        } else {
          assertThat(ports).isEqualTo(firstStage.get(id));
        }
        held.put(id, ports);
      }
    }
  }

  @Test
  void thePortsBecomeOneResourceOfSortedMergedRanges() {
    Resource r = PortChoice.resource(List.of(11602, 11605, 11606), List.of(), null);

    assertThat(r.getName()).isEqualTo("ports");
    assertThat(r.getRanges().getRangeList()).containsExactly(RangeMath.range(11602, 11602),
        RangeMath.range(11605, 11606));
  }
}
