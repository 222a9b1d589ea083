package io.kafkamesos.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MalformedRequestFilterTest {

  @Test
  void anEmptyIdNeverSelectsTheWiderOperation() {
    assertThat(MalformedRequestFilter.pathProblem("PUT", "/v1/brokers/")).hasValueSatisfying(m ->
        assertThat(m).startsWith("no resource at PUT /v1/brokers/: the path ends with '/'"));
    assertThat(MalformedRequestFilter.pathProblem("PUT", "/v1/brokers//replace")).hasValueSatisfying(m ->
        assertThat(m).contains("empty segment"));
    assertThat(MalformedRequestFilter.pathProblem("DELETE", "/v1/topics/")).isPresent();
    assertThat(MalformedRequestFilter.pathProblem("GET", "/v1/topics/t/..")).hasValueSatisfying(m ->
        assertThat(m).contains("'..' segment"));
    assertThat(MalformedRequestFilter.pathProblem("GET", "/v1/./topics")).isPresent();
  }

  @Test
  void realPathsAndTheRootPass() {
    for (String path : List.of("/", "/status", "/v1/brokers", "/v1/brokers/0", "/v1/topics/a.b..c",
        "/v1/topics/under_replicated_partitions", "/healthcheck", "/v1/topics/%2e")) {
      assertThat(MalformedRequestFilter.pathProblem("GET", path)).as(path).isEmpty();
    }
  }

  @Test
  void aPasswordNeverTravelsInTheUrl() {
    for (String query : List.of("password=x", "update=true&password=x", "PASSWORD=x", "pass%77ord=x", "password")) {
      assertThat(MalformedRequestFilter.queryProblem(query)).as(query).hasValueSatisfying(m ->
          assertThat(m).startsWith("password must not be in the URL").doesNotContain("=x"));
    }
    for (String query : List.of("update=true", "name=password", "passwords=1", "%zz=1")) {
      assertThat(MalformedRequestFilter.queryProblem(query)).as(query).isEmpty();
    }
    assertThat(MalformedRequestFilter.queryProblem(null)).isEmpty();
  }

  @Test
  void aContentTypeMustBeTypeSlashSubtype() {
    assertThat(MalformedRequestFilter.contentTypeProblem(null)).isEmpty();
    assertThat(MalformedRequestFilter.contentTypeProblem("application/json")).isEmpty();
    assertThat(MalformedRequestFilter.contentTypeProblem("text/plain; charset=utf-8")).isEmpty();
    for (String bad : List.of(";;;", "", "json", "application/", "/json", "a/b/c", "a b/c")) {
      assertThat(MalformedRequestFilter.contentTypeProblem(bad)).as(bad)
          .hasValueSatisfying(m -> assertThat(m).startsWith("unreadable Content-Type"));
    }
  }

  @Test
  void everyDomainFailureHasItsStatusAndOthersAreLeftToDropwizard() {
    assertThat(ErrorResponses.status(new InvalidBrokerIdException("x"))).hasValue(400);
    assertThat(ErrorResponses.status(new InvalidRequestException("x"))).hasValue(400);
    assertThat(ErrorResponses.status(new io.kafkamesos.scheduler.core.PlanStepException("x", true)))
        .hasValue(404);
    assertThat(ErrorResponses.status(new io.kafkamesos.scheduler.core.PlanStepException("x", false)))
        .hasValue(400);
    assertThat(ErrorResponses.status(
        new io.kafkamesos.scheduler.core.SchedulerUnavailableException("x", null))).hasValue(503);
    assertThat(ErrorResponses.status(new io.kafkamesos.scheduler.topic.TopicException(
        io.kafkamesos.scheduler.topic.TopicException.Kind.CONFLICT, "x"))).hasValue(409);
    assertThat(ErrorResponses.status(new IllegalArgumentException("a bug"))).isEmpty();
    assertThat(ErrorResponses.status(new jakarta.ws.rs.NotFoundException())).isEmpty();
  }
}
