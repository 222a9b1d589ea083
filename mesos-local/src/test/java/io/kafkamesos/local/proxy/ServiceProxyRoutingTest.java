package io.kafkamesos.local.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ServiceProxyRoutingTest {

  @Test
  void splitsTheFrameworkNameFromTheRestOfThePath() {
    assertThat(ServiceProxy.route("/service/kafka0/v1/brokers"))
        .contains(new ServiceProxy.Route("kafka0", "/v1/brokers"));
    assertThat(ServiceProxy.route("/service/kafka0"))
        .contains(new ServiceProxy.Route("kafka0", "/"));
    assertThat(ServiceProxy.route("/service/")).isEmpty();
  }

  @Test
  void targetKeepsTheWebUisPathAndTheQuery() {
    assertThat(ServiceProxy.target("http://127.0.0.1:8080/", "/v1/brokers", "a=1&b=2"))
        .hasToString("http://127.0.0.1:8080/v1/brokers?a=1&b=2");
    assertThat(ServiceProxy.target("http://h:1/ui", "/", "")).hasToString("http://h:1/ui/");
  }

  @Test
  void picksTheActiveFrameworkWithAWebUiByName() throws Exception {
    var state = new ObjectMapper().readTree(("{'frameworks':["
        + "{'id':'f1','name':'kafka0','active':false,'webui_url':'http://old:1'},"
        + "{'id':'f2','name':'other','active':true,'webui_url':'http://other:1'},"
        + "{'id':'f3','name':'kafka0','active':true,'webui_url':'http://new:2'},"
        + "{'id':'f4','name':'bare','active':true,'webui_url':''}]}").replace('\'', '"'));

    assertThat(MasterStateDirectory.select(state, "kafka0"))
        .isEqualTo(new FrameworkDirectory.WebUi("f3", "http://new:2"));
    assertThat(MasterStateDirectory.select(state, "bare"))
        .isEqualTo(new FrameworkDirectory.NoWebUi("f4"));
    assertThat(MasterStateDirectory.select(state, "nope"))
        .isInstanceOf(FrameworkDirectory.NoFramework.class);
  }

  @Test
  void readsTheTeardownFormField() {
    assertThat(TeardownEndpoint.formField("x=1&frameworkId=abc-0001%2B", "frameworkId"))
        .contains("abc-0001+");
    assertThat(TeardownEndpoint.formField("x=1", "frameworkId")).isEmpty();
  }
}
