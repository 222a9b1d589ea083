package io.kafkamesos.executor;

import io.kafkamesos.commons.mesos.Credential;
import io.kafkamesos.executor.mesos.AgentTls;
import io.kafkamesos.commons.mesos.MesosDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the Mesos agent tells an executor through its environment, read once at start-up. The agent's
 * id is not read: Mesos gives it as {@code MESOS_SLAVE_ID} and the executor has no use for it.
 *
 * @param agentUrl the agent's base URL, from {@code MESOS_AGENT_ENDPOINT} ({@code host:port}), with
 *     https when the agent speaks TLS ({@link AgentTls})
 * @param frameworkId {@code MESOS_FRAMEWORK_ID}
 * @param executorId {@code MESOS_EXECUTOR_ID}
 * @param sandbox {@code MESOS_SANDBOX}, else {@code MESOS_DIRECTORY}
 * @param checkpoint {@code MESOS_CHECKPOINT=1}: the framework checkpoints, so the executor outlives
 *     an agent restart and re-subscribes
 * @param recoveryTimeout {@code MESOS_RECOVERY_TIMEOUT}: how long to keep re-subscribing after the
 *     agent went away (only with checkpointing)
 * @param subscriptionBackoffMax {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}: the longest pause between two
 *     subscription attempts (only with checkpointing)
 * @param shutdownGracePeriod {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD}: how long the agent waits
 *     after SHUTDOWN before it destroys the executor
 * @param healthTimeout {@code KAFKA_EXECUTOR_HEALTH_TIMEOUT} (optional, default 5 minutes): how
 *     long the broker may take to register in ZooKeeper and open its port
 * @param credential {@code Authorization: Bearer} with {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN},
 *     which an agent with executor authentication gives each executor (its text never shows the token)
 * @param agentTls whether and how to speak TLS to the agent ({@code LIBPROCESS_SSL_*})
 */
public record ExecutorEnvironment(
    String agentUrl,
    String frameworkId,
    String executorId,
    Path sandbox,
    boolean checkpoint,
    Optional<Duration> recoveryTimeout,
    Optional<Duration> subscriptionBackoffMax,
    Duration shutdownGracePeriod,
    Duration healthTimeout,
    Optional<Credential> credential,
    AgentTls agentTls) {

  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(5);

  public ExecutorEnvironment {
    Objects.requireNonNull(agentUrl);
    Objects.requireNonNull(frameworkId);
    Objects.requireNonNull(executorId);
    Objects.requireNonNull(sandbox);
    Objects.requireNonNull(recoveryTimeout);
    Objects.requireNonNull(subscriptionBackoffMax);
    Objects.requireNonNull(shutdownGracePeriod);
    Objects.requireNonNull(healthTimeout);
    Objects.requireNonNull(credential);
    Objects.requireNonNull(agentTls);
  }

  /**
   * Reads the environment.
   *
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static ExecutorEnvironment parse(Map<String, String> env) {
    String endpoint = required(env, "MESOS_AGENT_ENDPOINT");
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1 || !isPort(endpoint.substring(colon + 1))) {
      throw new IllegalArgumentException(
          "MESOS_AGENT_ENDPOINT must be host:port, not '" + endpoint + "'");
    }
    String sandbox = optional(env, "MESOS_SANDBOX")
        .or(() -> optional(env, "MESOS_DIRECTORY"))
        .orElseThrow(() -> new IllegalArgumentException(
            "neither MESOS_SANDBOX nor MESOS_DIRECTORY is set: the executor needs its sandbox"));
    boolean checkpoint = optional(env, "MESOS_CHECKPOINT").map("1"::equals).orElse(false);
    Optional<Duration> recoveryTimeout = Optional.empty();
    Optional<Duration> backoffMax = Optional.empty();
    if (checkpoint) {
      // With checkpointing the agent always sets both; without them the executor cannot recover.
      recoveryTimeout = Optional.of(duration("MESOS_RECOVERY_TIMEOUT",
          required(env, "MESOS_RECOVERY_TIMEOUT")));
      backoffMax = Optional.of(duration("MESOS_SUBSCRIPTION_BACKOFF_MAX",
          required(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX")));
    }
    AgentTls tls = AgentTls.parse(env);
    return new ExecutorEnvironment(
        tls.scheme() + "://" + endpoint,
        required(env, "MESOS_FRAMEWORK_ID"),
        required(env, "MESOS_EXECUTOR_ID"),
        Path.of(sandbox),
        checkpoint,
        recoveryTimeout,
        backoffMax,
        duration("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD",
            required(env, "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD")),
        optional(env, "KAFKA_EXECUTOR_HEALTH_TIMEOUT")
            .map(v -> duration("KAFKA_EXECUTOR_HEALTH_TIMEOUT", v))
            .orElse(DEFAULT_HEALTH_TIMEOUT),
        optional(env, "MESOS_EXECUTOR_AUTHENTICATION_TOKEN").map(Credential::bearer),
        tls);
  }

  /**
   * The node id the executor id names ({@code broker-3__executor__<uuid>},
   * {@code controller-3000__executor__<uuid>}), if it names one.
   */
  public Optional<String> brokerIdFromExecutorId() {
    return Optional.of(executorId)
        .filter(id -> id.matches("(broker|controller|combined)-\\d+__.*"))
        .map(id -> id.substring(id.indexOf('-') + 1, id.indexOf("__")));
  }

  /**
   * The task id the executor id names ({@code broker-3__executor__<uuid>} runs task
   * {@code broker-3__<uuid>}), if it names one.
   */
  public Optional<String> taskIdFromExecutorId() {
    return Optional.of(executorId)
        .filter(id -> id.matches("(broker|controller|combined)-\\d+__executor__.+"))
        .map(id -> id.replaceFirst("__executor__", "__"));
  }

  private static String required(Map<String, String> env, String name) {
    return optional(env, name).orElseThrow(() -> new IllegalArgumentException(
        name + " is not set; the Mesos agent sets it for every executor"));
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim)
        .filter(Predicate.not(String::isEmpty));
  }

  private static Duration duration(String name, String value) {
    try {
      return MesosDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static boolean isPort(String text) {
    return text.matches("\\d{1,5}") && Integer.parseInt(text) <= 65535;
  }
}
