package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

  private final RestartBackoff backoff = RestartBackoff.DEFAULT;

  @Test
  void doublesFromOneSecondUpToAMinuteWhileTheProcessKeepsFailingQuickly() {
    Duration delay = null;
    StringBuilder delays = new StringBuilder();
    for (int i = 0; i < 9; i++) {
      delay = backoff.next(delay, Duration.ofSeconds(2));
      delays.append(delay.toSeconds()).append(' ');
    }
    assertThat(delays.toString().trim()).isEqualTo("1 2 4 8 16 32 60 60 60");
  }

  @Test
  void aProcessThatRanAWhileRestartsAfterOneSecondAgain() {
    assertThat(backoff.next(Duration.ofSeconds(32), Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
