package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StartupTest {

  @Test
  void runningAsBrokerIsStarted() {
    assertThat(Startup.judge(OptionalInt.of(3), false)).isEqualTo(Startup.STARTED);
  }

  @Test
  void theStatesBeforeRunningAreStarting() {
    // NotRunning, Starting, RecoveringFromUncleanShutdown (kafka.server.BrokerStates, 2.4)
    for (int state : new int[] {0, 1, 2}) {
      assertThat(Startup.judge(OptionalInt.of(state), false)).isEqualTo(Startup.STARTING);
    }
  }

  @Test
  void theShutdownStatesAreStopping() {
    assertThat(Startup.judge(OptionalInt.of(6), false)).isEqualTo(Startup.STOPPING);
    assertThat(Startup.judge(OptionalInt.of(7), false)).isEqualTo(Startup.STOPPING);
  }

  @Test
  void aReadableStateWinsOverTheLog() {
    assertThat(Startup.judge(OptionalInt.of(1), true)).isEqualTo(Startup.STARTING);
  }

  @Test
  void withoutJmxTheLogLineDecides() {
    assertThat(Startup.judge(OptionalInt.empty(), false)).isEqualTo(Startup.STARTING);
    assertThat(Startup.judge(OptionalInt.empty(), true)).isEqualTo(Startup.STARTED);
  }

  @Test
  void onlyAStartingBrokerMustNotBeTerminated() {
    assertThat(Startup.STARTING.safeToTerminate()).isFalse();
    assertThat(Startup.STARTED.safeToTerminate()).isTrue();
    assertThat(Startup.STOPPING.safeToTerminate()).isTrue();
  }
}
