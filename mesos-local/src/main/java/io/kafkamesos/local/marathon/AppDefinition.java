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
 * @param backoff how long Marathon waits before launching again after a task failed
 */
public record AppDefinition(String name, String cmd, double cpus, double mem, double disk,
    int instances, Map<String, String> env, List<FetchSpec> fetch, int portCount,
    List<HealthCheckSpec> healthChecks, Duration killGrace, Backoff backoff, ObjectNode raw) {

  public AppDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cmd, "cmd");
    env = Map.copyOf(env);
    fetch = List.copyOf(fetch);
    healthChecks = List.copyOf(healthChecks);
    Objects.requireNonNull(killGrace, "killGrace");
    Objects.requireNonNull(backoff, "backoff");
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
   * Marathon's launch backoff ({@code backoffSeconds}, {@code backoffFactor},
   * {@code maxLaunchDelaySeconds}; defaults 1 s, 1.15, 300 s): see {@link LaunchDelay}.
   */
  public record Backoff(Duration initial, double factor, Duration max) {
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), 1.15, Duration.ofSeconds(300));

    public Backoff {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
    }
  }

  /** Where a health check runs: Marathon's own (from its host) or Mesos' (on the agent). */
  public enum Protocol {
    /** Marathon's {@code HTTP}: GET {@code http://<agent host>:<port><path>} from its host. */
    HTTP,
    /** Marathon's {@code TCP}: a connection to {@code <agent host>:<port>} from Marathon's host. */
    TCP,
    /** Mesos' {@code MESOS_HTTP}: the agent GETs {@code http://127.0.0.1:<port><path>}. */
    MESOS_HTTP,
    /** Mesos' {@code MESOS_TCP}: the agent connects to {@code 127.0.0.1:<port>}. */
    MESOS_TCP;

    public boolean http() {
      return this == HTTP || this == MESOS_HTTP;
    }

    /** Run by Mesos on the agent, in the task's network (loopback), rather than by Marathon. */
    public boolean byMesos() {
      return this == MESOS_HTTP || this == MESOS_TCP;
    }
  }

  /**
   * One health check of the app, as Marathon's {@code healthChecks[]} gives it: HTTP checks
   * pass on 200..399 (1xx is ignored with {@code ignoreHttp1xx}), TCP checks on a connection.
   *
   * @param port a fixed port to check ({@code port}), else 0 and {@code portIndex} says which
   * @param delay Mesos' {@code delaySeconds} before the first check (Mesos checks only)
   */
  public record HealthCheckSpec(Protocol protocol, String path, int portIndex, int port,
      Duration gracePeriod, Duration interval, Duration timeout, int maxConsecutiveFailures,
      Duration delay, boolean ignoreHttp1xx) {
    public HealthCheckSpec {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(gracePeriod, "gracePeriod");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(delay, "delay");
    }

    /**
     * When the first check runs after the task started: Marathon's checks after the interval but
     * at most 5 s (its {@code DefaultFirstHealthCheckAfter}), Mesos' after {@code delaySeconds}.
     */
    public Duration firstCheckDelay() {
      if (protocol.byMesos()) {
        return delay;
      }
      Duration first = Duration.ofSeconds(5);
      return interval.compareTo(first) < 0 ? interval : first;
    }

    /** The port checked, given the task's ports. */
    public int portOf(List<Integer> ports) {
      return port > 0 ? port : ports.get(portIndex);
    }
  }
}
