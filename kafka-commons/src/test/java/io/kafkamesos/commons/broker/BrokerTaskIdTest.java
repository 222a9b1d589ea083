package io.kafkamesos.commons.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerTaskIdTest {

  @Test
  void spellsTaskIdsAsTheSeedShowsThem() {
    BrokerTaskId id = new BrokerTaskId(0, "9c426c50-1087-475c-aa36-cd00d24ccebb");
    assertThat(id).hasToString("broker-0__9c426c50-1087-475c-aa36-cd00d24ccebb");
  }

  @Test
  void parsesWhatItSpells() {
    BrokerTaskId id = BrokerTaskId.next(12);
    assertThat(BrokerTaskId.parse(id.toString())).contains(id);
    assertThat(BrokerTaskId.next(12)).isNotEqualTo(id);
  }

  @Test
  void ignoresTaskIdsThatAreNotBrokers() {
    assertThat(BrokerTaskId.parse("broker-x__9c426c50-1087-475c-aa36-cd00d24ccebb")).isEmpty();
    assertThat(BrokerTaskId.parse("zookeeper-0")).isEmpty();
    assertThat(BrokerTaskId.parse("broker-1__short")).isEmpty();
  }

  @Test
  void givesEachTaskItsOwnExecutorId() {
    BrokerTaskId a = BrokerTaskId.next(1);
    BrokerTaskId b = BrokerTaskId.next(1);
    assertThat(a.executorId()).startsWith("broker-1__executor__").isNotEqualTo(b.executorId());
  }
}
