package io.kafkamesos.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminTasksGuardTest {

  @Test
  void onlyLoopbackCallersMayRunTasks() {
    assertThat(AdminTasksGuard.isLoopback("127.0.0.1")).isTrue();
    assertThat(AdminTasksGuard.isLoopback("127.0.0.3")).isTrue();
    assertThat(AdminTasksGuard.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(AdminTasksGuard.isLoopback("[::1]")).isTrue();
    assertThat(AdminTasksGuard.isLoopback("10.0.0.7")).isFalse();
    assertThat(AdminTasksGuard.isLoopback("")).isFalse();
    assertThat(AdminTasksGuard.isLoopback(null)).isFalse();
  }
}
