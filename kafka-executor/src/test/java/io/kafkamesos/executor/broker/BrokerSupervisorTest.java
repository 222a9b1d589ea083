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

  @Test
  void onlyASigtermExitWithoutSigkillIsAControlledShutdown() {
    assertThat(new BrokerSupervisor.StopResult(143, false).controlled()).isTrue();
    assertThat(new BrokerSupervisor.StopResult(0, false).controlled()).isTrue();
    // Kafka halts with 1 when a SIGTERM reaches it while it is still starting.
    assertThat(new BrokerSupervisor.StopResult(1, false).controlled()).isFalse();
    assertThat(new BrokerSupervisor.StopResult(137, true).controlled()).isFalse();
  }
}
