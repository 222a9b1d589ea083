package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentHostTest {

  private final AgentHost a0 = new AgentHost("S0", "127.0.0.1");
  private final AgentHost a1 = new AgentHost("S1", "127.0.0.2");
  private final AgentHost a2 = new AgentHost("S2", "127.0.0.3");
  private final List<AgentHost> agents = List.of(a0, a1, a2);

  @Test
  void anAppRunsOffMarathonsOwnAddressOnTheLeastLoadedAgent() {
    assertThat(AgentHost.choose(Optional.empty(), agents, Map.of(), "127.0.0.1")).isEqualTo(a1);
    assertThat(AgentHost.choose(Optional.empty(), agents, Map.of("127.0.0.2", 1L), "127.0.0.1"))
        .isEqualTo(a2);
  }

  @Test
  void anAppStaysOnItsAgentWhileItExists() {
    assertThat(AgentHost.choose(Optional.of("127.0.0.1"), agents, Map.of(), "127.0.0.1"))
        .isEqualTo(a0);
    assertThat(AgentHost.choose(Optional.of("127.0.0.9"), agents, Map.of(), "127.0.0.1"))
        .isEqualTo(a1);
  }

  @Test
  void withOneAgentAtMarathonsAddressThatIsWhereAppsRun() {
    assertThat(AgentHost.choose(Optional.empty(), List.of(a0), Map.of(), "127.0.0.1"))
        .isEqualTo(a0);
    assertThat(AgentHost.choose(Optional.empty(), List.of(), Map.of(), "127.0.0.1"))
        .isEqualTo(AgentHost.LOOPBACK);
  }
}
