package io.kafkamesos.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.DcosCli;
import io.kafkamesos.it.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The shapes of the seed README's answers, as assertions. */
final class Seed {
  /** Kafka's producer-performance line, as the seed's producer test answers it. */
  static final Pattern PRODUCER_LINE = Pattern.compile("(\\d+) records sent, [0-9.]+ records/sec "
      + "\\([0-9.]+ MB/sec\\), [0-9.]+ ms avg latency, [0-9.]+ ms max latency, \\d+ ms 50th, "
      + "\\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99\\.9th\\.\n");
  /** A broker's task id: {@code broker-<id>__<uuid>}. */
  static final String TASK_ID = "broker-%d__[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private Seed() {
  }

  /** {@code {"exit_code": 0, "stderr": "", "stdout": <stdout>}} and nothing else. */
  static void assertSuccess(JsonNode answer, String stdout) {
    assertThat(fieldNames(answer)).as("envelope of %s", answer).containsExactly("exit_code", "stderr", "stdout");
    assertThat(answer.path("exit_code").isInt()).isTrue();
    assertThat(answer.path("exit_code").asInt()).isZero();
    assertThat(answer.path("stderr").asText()).isEmpty();
    assertThat(answer.path("stdout").asText()).isEqualTo(stdout);
  }

  /**
   * A refusal: the status, and the API's one error shape, {@code {"code": <status>, "message": ...}},
   * whose message contains each of {@code words}.
   */
  static void assertRefused(Json.Answer answer, int status, String... words) {
    assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
    assertThat(answer.body()).as("a JSON body").isNotNull();
    assertThat(answer.body().path("code").asInt()).as("code of %s", answer.body()).isEqualTo(status);
    assertThat(answer.body().path("message").asText()).as("message of %s", answer.body()).contains(words);
  }

  /** The CLI failed (exit 1) and printed the service's message, which contains each of {@code words}. */
  static void assertCliRefused(DcosCli.Run run, String... words) {
    assertThat(run.exit()).as("exit code of %s", run).isEqualTo(1);
    assertThat(run.err()).as("stderr of %s", run).contains(words);
  }

  static void assertCliOk(DcosCli.Run run) {
    assertThat(run.exit()).as("exit code of %s", run).isZero();
  }

  /** A 200 answer's body. */
  static JsonNode ok(Json.Answer answer) {
    assertThat(answer.status()).as("status of %s", answer).isEqualTo(200);
    return answer.body();
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
