package io.kafkamesos.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** Waiting on a scheduler's {@code GET /v1/plan}, through the moments its API does not answer. */
public final class PlanPoll {
  private PlanPoll() {
  }

  /**
   * Polls until the plan of target {@code target} satisfies {@code done}; answers that plan. A
   * scheduler that does not answer (Marathon replacing it) or answers another status is polled again.
   */
  public static JsonNode await(String apiUrl, String target, String what, Duration timeout,
      Predicate<JsonNode> done) {
    return Poll.until("plan of target " + target + " " + what, timeout, () -> {
      Json.Answer answer;
      try {
        answer = Json.get(apiUrl + "/v1/plan");
      } catch (RuntimeException e) {
        return Optional.empty(); // Marathon is replacing the scheduler
      }
      if (answer.status() != 200) {
        return Optional.empty();
      }
      JsonNode p = answer.body();
      return target.equals(p.path("target").path("id").asText()) && done.test(p) ? Optional.of(p)
          : Optional.empty();
    });
  }
}
