package io.kafkamesos.scheduler.leader;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a scheduler process is, as the other schedulers of its framework read it: the participant id
 * of its leader latch node (JSON), so that a standby can say who leads and where to go instead.
 *
 * @param api the URL of its HTTP API ({@code http://host:port})
 * @param admin the URL of its admin port (liveness, health checks)
 * @param host the host it runs on
 * @param pid its process id
 * @param started when it started (ISO-8601)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaderInfo(String api, String admin, String host, long pid, String started) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public LeaderInfo {
    Objects.requireNonNull(api);
    Objects.requireNonNull(admin);
    Objects.requireNonNull(host);
    Objects.requireNonNull(started);
  }

  /** The participant id of the latch node. */
  public String toParticipantId() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record of strings is always JSON", e);
    }
  }

  /** The scheduler a participant id names; empty when it is not one of ours (or empty). */
  public static Optional<LeaderInfo> fromParticipantId(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(id, LeaderInfo.class));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return api + " (pid " + pid + " on " + host + ")";
  }
}
