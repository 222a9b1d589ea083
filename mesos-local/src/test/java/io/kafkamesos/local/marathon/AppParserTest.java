package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void readsThePackagesShapeWithMarathonsDefaults() throws Exception {
    AppDefinition app = AppParser.parse(json("{'id':'/kafka0','cmd':'java -jar s.jar',"
        + "'cpus':0.5,'mem':512,'instances':1,'env':{'BROKER_COUNT':'3'},"
        + "'fetch':[{'uri':'file:///x/s.jar','extract':false},{'uri':'/x/k.tgz'}],"
        + "'portDefinitions':[{'port':0,'name':'api'},{'port':0,'name':'admin'}],"
        + "'healthChecks':[{'protocol':'HTTP','path':'/healthcheck','portIndex':1,"
        + "'gracePeriodSeconds':120,'intervalSeconds':30,'timeoutSeconds':10,"
        + "'maxConsecutiveFailures':3}],'labels':{'DCOS_PACKAGE_NAME':'kafka'}}"),
        Optional.empty());

    assertThat(app.name()).isEqualTo("kafka0");
    assertThat(app.id()).isEqualTo("/kafka0");
    assertThat(app.cpus()).isEqualTo(0.5);
    assertThat(app.env()).containsEntry("BROKER_COUNT", "3");
    assertThat(app.fetch()).containsExactly(
        new AppDefinition.FetchSpec("file:///x/s.jar", false, false),
        new AppDefinition.FetchSpec("/x/k.tgz", true, false));
    assertThat(app.portCount()).isEqualTo(2);
    assertThat(app.healthChecks()).singleElement().satisfies(c -> {
      assertThat(c.portIndex()).isEqualTo(1);
      assertThat(c.path()).isEqualTo("/healthcheck");
      assertThat(c.gracePeriod()).isEqualTo(Duration.ofSeconds(120));
      assertThat(c.maxConsecutiveFailures()).isEqualTo(3);
    });
    assertThat(app.raw().path("labels").path("DCOS_PACKAGE_NAME").asText()).isEqualTo("kafka");
  }

  @Test
  void defaultsAreMarathons() throws Exception {
    AppDefinition app = AppParser.parse(json("{'id':'a','cmd':'sleep 1'}"), Optional.empty());

    assertThat(app.cpus()).isEqualTo(1.0);
    assertThat(app.mem()).isEqualTo(128.0);
    assertThat(app.instances()).isEqualTo(1);
    assertThat(app.portCount()).isEqualTo(1);
    assertThat(app.raw().path("id").asText()).isEqualTo("/a");
  }

  @Test
  void healthChecksAndBackoffTakeMarathonsDefaults() throws Exception {
    AppDefinition app = AppParser.parse(json("{'id':'a','cmd':'x','healthChecks':[{},"
        + "{'protocol':'MESOS_TCP','port':8080,'ignoreHttp1xx':true}]}"), Optional.empty());

    assertThat(app.healthChecks()).hasSize(2);
    AppDefinition.HealthCheckSpec http = app.healthChecks().get(0);
    assertThat(http.protocol()).isEqualTo(AppDefinition.Protocol.HTTP);
    assertThat(http.path()).isEqualTo("/");
    assertThat(http.portIndex()).isZero();
    assertThat(http.gracePeriod()).isEqualTo(Duration.ofSeconds(300));
    assertThat(http.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(http.maxConsecutiveFailures()).isEqualTo(3);
    assertThat(http.firstCheckDelay()).as("Marathon's first check: at most 5 s")
        .isEqualTo(Duration.ofSeconds(5));
    AppDefinition.HealthCheckSpec mesos = app.healthChecks().get(1);
    assertThat(mesos.protocol().byMesos()).isTrue();
    assertThat(mesos.portOf(java.util.List.of(31000))).isEqualTo(8080);
    assertThat(mesos.firstCheckDelay()).as("Mesos' delaySeconds").isEqualTo(Duration.ofSeconds(15));
    assertThat(app.backoff()).isEqualTo(AppDefinition.Backoff.DEFAULT);
  }

  @Test
  void refusesHealthChecksMesosLocalCannotRunAndBadBackoff() throws Exception {
    assertThatThrownBy(() -> AppParser.parse(json("{'id':'a','cmd':'x','healthChecks':["
        + "{'protocol':'COMMAND'},{'intervalSeconds':0},{'timeoutSeconds':-1},"
        + "{'maxConsecutiveFailures':-2}],'backoffFactor':0.5,'backoffSeconds':-1}"),
        Optional.empty()))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.problems())
            .extracting(InvalidAppException.Problem::path).containsExactlyInAnyOrder(
                "/healthChecks(0)/protocol", "/healthChecks(1)/intervalSeconds",
                "/healthChecks(2)/timeoutSeconds", "/healthChecks(3)/maxConsecutiveFailures",
                "/backoffFactor", "/backoffSeconds"));
  }

  @Test
  void refusesEveryBadFieldByPath() throws Exception {
    assertThatThrownBy(() -> AppParser.parse(json("{'id':'Bad_Id','instances':3,'cpus':'x',"
        + "'env':{'A':1}}"), Optional.empty()))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.problems())
            .extracting(InvalidAppException.Problem::path)
            .containsExactlyInAnyOrder("/id", "/cmd", "/instances", "/cpus", "/env/A"))
        .hasMessageContaining("/instances: mesos-local runs 0 or 1 instance of an app, not 3");
  }

  @Test
  void refusesFetchAndUrisTogetherAndAHealthCheckOnAMissingPort() throws Exception {
    assertThatThrownBy(() -> AppParser.parse(json("{'id':'a','cmd':'x','fetch':[{'uri':'/a'}],"
        + "'uris':['/b'],'healthChecks':[{'portIndex':2}]}"), Optional.empty()))
        .isInstanceOfSatisfying(InvalidAppException.class, e -> assertThat(e.problems())
            .extracting(InvalidAppException.Problem::path)
            .containsExactlyInAnyOrder("/uris", "/healthChecks(0)/portIndex"));
  }

  @Test
  void thePathIdWinsAndMustAgreeWithTheBody() throws Exception {
    assertThat(AppParser.parse(json("{'cmd':'x'}"), Optional.of("/b")).name()).isEqualTo("b");
    assertThatThrownBy(() -> AppParser.parse(json("{'id':'/a','cmd':'x'}"), Optional.of("b")))
        .isInstanceOf(InvalidAppException.class).hasMessageContaining("/id");
  }

  @Test
  void aChangedEnvironmentOrCommandNeedsARestartButALabelDoesNot() throws Exception {
    AppDefinition base = AppParser.parse(json("{'id':'a','cmd':'x','env':{'N':'3'}}"),
        Optional.empty());
    AppDefinition env = AppParser.parse(json("{'id':'a','cmd':'x','env':{'N':'4'}}"),
        Optional.empty());
    AppDefinition cmd = AppParser.parse(json("{'id':'a','cmd':'y','env':{'N':'3'}}"),
        Optional.empty());
    AppDefinition label = AppParser.parse(json("{'id':'a','cmd':'x','env':{'N':'3'},"
        + "'labels':{'l':'v'}}"), Optional.empty());

    assertThat(base.needsRestart(env)).isTrue();
    assertThat(base.needsRestart(cmd)).isTrue();
    assertThat(base.needsRestart(label)).isFalse();
  }
}
