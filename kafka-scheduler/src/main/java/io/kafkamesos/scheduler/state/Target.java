package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kafkamesos.scheduler.settings.TargetConfiguration;
import java.util.List;
import java.util.Objects;

/**
 * A target configuration: what the cluster should run, since when, and what changed from the one
 * before. Ids count up from 1 per cluster.
 *
 * @param id the target's id ("1", "2", ...)
 * @param createdMillis when it became the target (epoch millis)
 * @param configuration the cluster's configuration
 * @param changes what differs from the previous target, one line per variable (empty for the first)
 * @param previousId the id of the target it replaced, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Target(String id, long createdMillis, TargetConfiguration configuration,
    List<String> changes, String previousId) {

  public Target {
    Objects.requireNonNull(id);
    Objects.requireNonNull(configuration);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** The id of the target after this one. */
  public String nextId() {
    try {
      return Long.toString(Long.parseLong(id) + 1);
    } catch (NumberFormatException e) {
      return id + "+1";
    }
  }
}
