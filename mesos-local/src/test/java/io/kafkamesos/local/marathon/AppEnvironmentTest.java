package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppEnvironmentTest {

  @Test
  void givesMarathonsVariablesThenTheAppsAndInheritsOnlyThePathAndJava() throws Exception {
    AppDefinition app = AppParser.parse(new ObjectMapper().readTree(("{'id':'/kafka0','cmd':'x',"
        + "'env':{'BROKER_COUNT':'3','HOST':'app-wins'},'portDefinitions':[{'port':0,'name':'api'},"
        + "{'port':0,'name':'admin-port'}]}").replace('\'', '"')), Optional.empty());

    Map<String, String> env = AppProcess.environment(app, "kafka0.1", Path.of("/sb"),
        "127.0.0.3", List.of(40001, 40002), Map.of("PATH", "/usr/bin", "JAVA_HOME", "/jdk",
            "BROKER_PV", "TRUE", "MESOS_FRAMEWORK_ID", "leak"));

    assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("JAVA_HOME", "/jdk")
        .doesNotContainKeys("BROKER_PV", "MESOS_FRAMEWORK_ID")
        .containsEntry("PORT0", "40001").containsEntry("PORT1", "40002")
        .containsEntry("PORT", "40001").containsEntry("PORTS", "40001,40002")
        .containsEntry("PORT_API", "40001").containsEntry("PORT_ADMIN_PORT", "40002")
        .containsEntry("MARATHON_APP_ID", "/kafka0").containsEntry("MESOS_TASK_ID", "kafka0.1")
        .containsEntry("MESOS_SANDBOX", "/sb").containsEntry("BROKER_COUNT", "3")
        .containsEntry("HOST", "app-wins");
  }

  @Test
  void hostIsTheAgentsHostname() throws Exception {
    AppDefinition app = AppParser.parse(new ObjectMapper().readTree("{\"id\":\"a\",\"cmd\":\"x\"}"),
        Optional.empty());

    assertThat(AppProcess.environment(app, "a.1", Path.of("/sb"), "127.0.0.3", List.of(40001),
        Map.of())).containsEntry("HOST", "127.0.0.3");
  }

  @Test
  void keepsAPreviousPortThatIsStillFree() {
    List<Integer> first = PortPicker.choose(List.of(), 2, "127.0.0.2");
    assertThat(first).hasSize(2).doesNotHaveDuplicates();

    assertThat(PortPicker.choose(first, 3, "127.0.0.2")).startsWith(first.get(0), first.get(1))
        .hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void aPortThatIsTakenOnTheHostsAliasIsNotKept() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
      taken.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
      int port = taken.getLocalPort();

      assertThat(PortPicker.free(port, "127.0.0.2")).isFalse();
      assertThat(PortPicker.choose(List.of(port), 1, "127.0.0.2")).doesNotContain(port);
    }
  }
}
