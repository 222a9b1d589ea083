package io.kafkamesos.local.marathon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of a Marathon app definition that mesos-local acts on, parsed and checked by
 * {@link AppParser}. {@code raw} is the definition as given (id normalised to {@code /name}),
 * which GET answers with unchanged fields mesos-local ignores (labels, upgradeStrategy, ...).
 *
 * @param name the app id without its leading slash
 * @param instances 1 (runs) or 0 (suspended)
 * @param portCount how many ports ({@code PORT0}...) the app gets
 * @param killGrace how long a stopped process has between SIGTERM and SIGKILL
 */
public record AppDefinition(String name, String cmd, double cpus, double mem, double disk,
    int instances, Map<String, String> env, List<FetchSpec> fetch, int portCount,
    List<HealthCheckSpec> healthChecks, Duration killGrace, ObjectNode raw) {

  public AppDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cmd, "cmd");
    env = Map.copyOf(env);
    fetch = List.copyOf(fetch);
    healthChecks = List.copyOf(healthChecks);
    Objects.requireNonNull(killGrace, "killGrace");
    Objects.requireNonNull(raw, "raw");
  }

  /** Marathon's form of the id. */
  public String id() {
    return "/" + name;
  }

  /**
   * Whether going from this definition to {@code next} needs the running process replaced: a
   * change to what the process is started with. Health checks and labels change in place.
   */
  public boolean needsRestart(AppDefinition next) {
    return !cmd.equals(next.cmd) || cpus != next.cpus || mem != next.mem || disk != next.disk
        || instances != next.instances || !env.equals(next.env) || !fetch.equals(next.fetch)
        || portCount != next.portCount;
  }

  /** One artifact to fetch into the sandbox ({@code fetch[]} or the older {@code uris}). */
  public record FetchSpec(String uri, boolean extract, boolean executable) {
    public FetchSpec {
      Objects.requireNonNull(uri, "uri");
    }
  }

  /**
   * An HTTP health check: {@code GET http://127.0.0.1:PORT<portIndex><path>}; 200..399 is healthy.
   * TCP checks only test that the port accepts connections.
   */
  public record HealthCheckSpec(String protocol, String path, int portIndex,
      Duration gracePeriod, Duration interval, Duration timeout, int maxConsecutiveFailures) {
    public HealthCheckSpec {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(gracePeriod, "gracePeriod");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(timeout, "timeout");
    }

    public boolean http() {
      return !protocol.equals("TCP");
    }
  }
}
