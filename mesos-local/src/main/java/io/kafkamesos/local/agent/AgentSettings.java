package io.kafkamesos.local.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an agent runs.
 *
 * @param workDir the agent's own directory (sandboxes, volumes, checkpoint)
 * @param heartbeatInterval between HEARTBEAT events to subscribed executors
 * @param registrationTimeout for a new executor to subscribe (Mesos: 1 min)
 * @param reregistrationTimeout for a recovered executor to re-subscribe after a restart
 * @param shutdownGracePeriod between SHUTDOWN and killing the executor, unless its ExecutorInfo
 *     says otherwise (Mesos: 5 s)
 * @param statusUpdateRetry first retry interval of unacknowledged updates (Mesos: 10 s)
 * @param executorTokens when executors must authenticate ({@code --authenticate_http_executors}):
 *     the tokens the agent gives them and checks
 * @param fetcherCacheDir the {@code --fetcher_cache_dir}; the agent's cache is
 *     {@code <it>/slaves/<agent id>}
 * @param fetcherCacheSize the {@code --fetcher_cache_size} in bytes (0: no cache)
 * @param standInExecutors benchmark only: present when custom executors run in-process as
 *     {@link StandInExecutors} instead of as processes
 */
public record AgentSettings(Path workDir, Clock clock, Duration heartbeatInterval,
    Duration registrationTimeout, Duration reregistrationTimeout, Duration shutdownGracePeriod,
    Duration statusUpdateRetry, Optional<ExecutorTokens> executorTokens, Path fetcherCacheDir,
    long fetcherCacheSize, Optional<StandInExecutors> standInExecutors) {

  /** Mesos' STATUS_UPDATE_RETRY_INTERVAL_MAX. */
  static final Duration MAX_RETRY = Duration.ofMinutes(10);

  public AgentSettings {
    Objects.requireNonNull(workDir);
    Objects.requireNonNull(clock);
    Objects.requireNonNull(heartbeatInterval);
    Objects.requireNonNull(registrationTimeout);
    Objects.requireNonNull(reregistrationTimeout);
    Objects.requireNonNull(shutdownGracePeriod);
    Objects.requireNonNull(statusUpdateRetry);
    Objects.requireNonNull(executorTokens);
    Objects.requireNonNull(fetcherCacheDir);
    Objects.requireNonNull(standInExecutors);
  }
}
