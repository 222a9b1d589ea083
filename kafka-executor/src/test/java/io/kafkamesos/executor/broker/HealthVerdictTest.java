package io.kafkamesos.executor.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HealthVerdictTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static HealthVerdict judge(OptionalInt exit, boolean registered, boolean port,
      Duration elapsed) {
    return judge(exit, registered, port, Startup.STARTED, elapsed);
  }

  private static HealthVerdict judge(OptionalInt exit, boolean registered, boolean port,
      Startup startup, Duration elapsed) {
    return HealthVerdict.judge(exit, registered, port, startup, START, START.plus(elapsed),
        TIMEOUT);
  }

  @Test
  void waitsUntilRegisteredAndListening() {
    assertThat(judge(OptionalInt.empty(), false, false, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.WAIT);
    assertThat(judge(OptionalInt.empty(), true, false, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.WAIT);
    assertThat(judge(OptionalInt.empty(), false, true, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.WAIT);
  }

  @Test
  void aRegisteredListeningBrokerThatIsStillStartingIsNotHealthyYet() {
    // Kafka 2.4 registers in ZooKeeper and opens its port before it has finished starting.
    assertThat(judge(OptionalInt.empty(), true, true, Startup.STARTING, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.WAIT);
    assertThat(judge(OptionalInt.empty(), true, true, Startup.STARTING, TIMEOUT))
        .isEqualTo(HealthVerdict.TIMED_OUT);
  }

  @Test
  void shuttingDownBeforeEverStartingIsGivingUp() {
    // Kafka's startup failed (BrokerShuttingDown without ever RunningAsBroker)
    assertThat(judge(OptionalInt.empty(), false, true, Startup.STOPPING, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.GAVE_UP);
    assertThat(judge(OptionalInt.empty(), true, true, Startup.STOPPING, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.GAVE_UP);
    assertThat(judge(OptionalInt.of(1), false, false, Startup.STOPPING, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.EXITED);
  }

  @Test
  void startedAloneIsNotHealthy() {
    assertThat(judge(OptionalInt.empty(), false, true, Startup.STARTED, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.WAIT);
    assertThat(judge(OptionalInt.empty(), true, false, Startup.STARTED, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.WAIT);
  }

  @Test
  void isHealthyWhenAllHold() {
    assertThat(judge(OptionalInt.empty(), true, true, Duration.ofSeconds(1)))
        .isEqualTo(HealthVerdict.HEALTHY);
  }

  @Test
  void anExitWinsOverEverything() {
    assertThat(judge(OptionalInt.of(1), true, true, Duration.ofMinutes(10)))
        .isEqualTo(HealthVerdict.EXITED);
  }

  @Test
  void timesOutAtTheLimit() {
    assertThat(judge(OptionalInt.empty(), true, false, TIMEOUT.minusMillis(1)))
        .isEqualTo(HealthVerdict.WAIT);
    assertThat(judge(OptionalInt.empty(), true, false, TIMEOUT))
        .isEqualTo(HealthVerdict.TIMED_OUT);
  }

  @Test
  void aHealthyBrokerAtTheLimitIsStillHealthy() {
    assertThat(judge(OptionalInt.empty(), true, true, TIMEOUT.plusSeconds(1)))
        .isEqualTo(HealthVerdict.HEALTHY);
  }
}
