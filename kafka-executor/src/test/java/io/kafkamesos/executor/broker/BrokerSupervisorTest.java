package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerSupervisorTest {

  @Test
  void describesSignalsAndPlainExitCodes() {
    assertThat(BrokerSupervisor.describeExit(137)).isEqualTo("exited with code 137 (ended by signal 9)");
    assertThat(BrokerSupervisor.describeExit(143)).isEqualTo("exited with code 143 (ended by signal 15)");
    assertThat(BrokerSupervisor.describeExit(1)).isEqualTo("exited with code 1");
  }

  @Test
  void aFailureMessageCarriesTheLogTail() {
    assertThat(BrokerSupervisor.failureMessage(4, "exited with code 1", List.of("ERROR x", "at y")))
        .isEqualTo("broker 4 exited with code 1; last 2 lines of its log:\nERROR x\nat y");
    assertThat(BrokerSupervisor.failureMessage(4, "exited with code 1", List.of()))
        .isEqualTo("broker 4 exited with code 1; its log is empty");
  }
}
