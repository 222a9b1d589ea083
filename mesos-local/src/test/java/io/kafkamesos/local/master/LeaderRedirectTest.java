package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaderRedirectTest {

  @Test
  void redirectsToThePathAsLibprocessRoutesIt() {
    assertThat(LeaderRedirect.libprocessPath("/api/v1/scheduler"))
        .isEqualTo("/master/api/v1/scheduler");
    assertThat(LeaderRedirect.libprocessPath("/master/api/v1/scheduler"))
        .isEqualTo("/master/api/v1/scheduler");
    assertThat(LeaderRedirect.libprocessPath("/state.json")).isEqualTo("/master/state.json");
    assertThat(LeaderRedirect.libprocessPath("/masterful")).isEqualTo("/master/masterful");
  }

  @Test
  void storesTheIpAsMesosDoesInNetworkOrder() {
    assertThat(MasterFactory.networkOrder("127.0.0.1")).isEqualTo(16777343);
    assertThat(MasterFactory.networkOrder("10.0.0.2")).isEqualTo(0x0200000a);
  }
}
