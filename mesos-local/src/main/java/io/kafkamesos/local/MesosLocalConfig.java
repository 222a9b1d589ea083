package io.kafkamesos.local;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a mesos-local instance is laid out and timed. Timeouts default to Mesos' own defaults where
 * Mesos has one (heartbeat 15s, executor shutdown grace 5s, registration timeout 1 min, status
 * update retry from 10s); the offer timeout, which Mesos leaves unset, defaults to 60s here.
 *
 * @param agents how many agents to run
 * @param resources the resources of each agent in Mesos' notation; the ports range is divided
 *     between the agents so that no two tasks on this machine get the same port
 * @param port the master's HTTP port (0: a free port, kept on restart)
 * @param zkPort ZooKeeper's client port (0: a free port, kept on restart)
 * @param workDir where ZooKeeper, the agents' sandboxes, volumes and checkpoints live
 * @param offerTimeout after this long an unused offer is rescinded
 * @param heartbeatInterval the interval announced in SUBSCRIBED and kept by HEARTBEAT events
 * @param agentPingTimeout how long an agent waits for an executor to re-subscribe after a restart,
 *     and how long the master waits for an agent that stopped answering before marking it
 *     unreachable (Mesos' agent_ping_timeout times max_agent_ping_timeouts)
 * @param executorRegistrationTimeout how long a launched executor may take to subscribe
 * @param executorShutdownGracePeriod how long an executor has between SHUTDOWN and being killed
 * @param statusUpdateRetryInterval the first retry interval of unacknowledged status updates
 *     (doubling up to 10 minutes, as in Mesos)
 * @param agentRemovalTimeout how long the master keeps an unreachable agent (and its tasks)
 *     before forgetting it, Mesos' {@code registry_max_agent_age} (default 14 days, as Mesos)
 * @param masters how many masters run (1 to 3); they elect one leader in ZooKeeper
 * @param agentReregisterTimeout how long a newly elected master waits for an agent it knows
 *     from the registry to re-register before marking it unreachable, Mesos'
 *     {@code agent_reregister_timeout} (default 10 minutes, as Mesos)
 * @param credentials Mesos' {@code --credentials}: the file of principals and secrets (null: none)
 * @param authenticateFrameworks Mesos' {@code --authenticate_http_frameworks}: every request to
 *     the scheduler API must authenticate with HTTP basic credentials of that file (default off)
 * @param authenticateHttpExecutors Mesos' agent flag {@code --authenticate_http_executors} (with
 *     the JWT authenticator): each executor gets a token of its own in
 *     {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN} and every executor API call must carry it as
 *     {@code Authorization: Bearer <token>} (default off, as Mesos)
 * @param fetcherCacheDir the agents' {@code --fetcher_cache_dir}: each agent keeps its cache under
 *     {@code <dir>/slaves/<agent id>} (null: {@code <workDir>/fetch})
 * @param fetcherCacheSize the agents' {@code --fetcher_cache_size} in bytes, per agent (default 2 GB
 *     as Mesos; 0 switches the cache off)
 * @param inProcessStandInExecutors <b>benchmark only, not Mesos behaviour</b> (default off): the
 *     agents run every custom executor as an in-process stand-in that speaks the v1 executor API
 *     and reports its tasks STARTING then RUNNING, instead of fetching its URIs and starting its
 *     command ({@code io.kafkamesos.local.agent.StandInExecutors}); the command executor is
 *     unchanged. For measuring a framework with a thousand agents and executors on one machine.
 */
public record MesosLocalConfig(
    int agents,
    String resources,
    int port,
    int zkPort,
    Path workDir,
    Duration offerTimeout,
    Duration heartbeatInterval,
    Duration agentPingTimeout,
    Duration executorRegistrationTimeout,
    Duration executorShutdownGracePeriod,
    Duration statusUpdateRetryInterval,
    Duration agentRemovalTimeout,
    int masters,
    Duration agentReregisterTimeout,
    String credentials,
    boolean authenticateFrameworks,
    boolean authenticateHttpExecutors,
    Path fetcherCacheDir,
    long fetcherCacheSize,
    boolean inProcessStandInExecutors) {

  public static final String DEFAULT_RESOURCES = "cpus:2;mem:4096;disk:20000;ports:[31000-32000]";

  public MesosLocalConfig {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(offerTimeout, "offerTimeout");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(agentPingTimeout, "agentPingTimeout");
    Objects.requireNonNull(executorRegistrationTimeout, "executorRegistrationTimeout");
    Objects.requireNonNull(executorShutdownGracePeriod, "executorShutdownGracePeriod");
    Objects.requireNonNull(statusUpdateRetryInterval, "statusUpdateRetryInterval");
    Objects.requireNonNull(agentRemovalTimeout, "agentRemovalTimeout");
    Objects.requireNonNull(agentReregisterTimeout, "agentReregisterTimeout");
    if (masters < 1 || masters > 3) {
      throw new IllegalArgumentException("masters must be between 1 and 3, not " + masters);
    }
    if (agents < 1 || agents > 60_000) {
      throw new IllegalArgumentException("agents must be between 1 and 60000, not " + agents);
    }
    if (port < 0 || port > 65535 || zkPort < 0 || zkPort > 65535) {
      throw new IllegalArgumentException("ports must be between 0 and 65535");
    }
    if (heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
      throw new IllegalArgumentException("heartbeat interval must be positive");
    }
    if (fetcherCacheSize < 0) {
      throw new IllegalArgumentException("the fetcher cache size must not be negative");
    }
    Resources.parse(resources); // fails early with the bad part named
  }

  /** Where the agents keep their fetcher caches: {@code fetcherCacheDir}, else in the work dir. */
  public Path fetcherCacheRoot() {
    return fetcherCacheDir != null ? fetcherCacheDir : workDir.resolve("fetch");
  }

  public static MesosLocalConfig defaults(Path workDir) {
    return new MesosLocalConfig(3, DEFAULT_RESOURCES, 0, 0, workDir,
        Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(45),
        Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofDays(14), 1, Duration.ofMinutes(10), null, false, false, null,
        io.kafkamesos.local.agent.FetcherCache.DEFAULT_CAPACITY, false);
  }

  public MesosLocalConfig withAgents(int n) {
    return copy(c -> c.agents = n);
  }

  public MesosLocalConfig withResources(String r) {
    return copy(c -> c.resources = r);
  }

  public MesosLocalConfig withPort(int p) {
    return copy(c -> c.port = p);
  }

  public MesosLocalConfig withZkPort(int p) {
    return copy(c -> c.zkPort = p);
  }

  public MesosLocalConfig withWorkDir(Path dir) {
    return copy(c -> c.workDir = dir);
  }

  public MesosLocalConfig withOfferTimeout(Duration d) {
    return copy(c -> c.offerTimeout = d);
  }

  public MesosLocalConfig withHeartbeatInterval(Duration d) {
    return copy(c -> c.heartbeatInterval = d);
  }

  public MesosLocalConfig withAgentPingTimeout(Duration d) {
    return copy(c -> c.agentPingTimeout = d);
  }

  public MesosLocalConfig withExecutorRegistrationTimeout(Duration d) {
    return copy(c -> c.executorRegistrationTimeout = d);
  }

  public MesosLocalConfig withExecutorShutdownGracePeriod(Duration d) {
    return copy(c -> c.executorShutdownGracePeriod = d);
  }

  public MesosLocalConfig withStatusUpdateRetryInterval(Duration d) {
    return copy(c -> c.statusUpdateRetryInterval = d);
  }

  /** How long an unreachable agent is kept before the master forgets it and its tasks. */
  public MesosLocalConfig withAgentRemovalTimeout(Duration d) {
    return copy(c -> c.agentRemovalTimeout = d);
  }

  /** Runs this many masters (1 to 3), one of which leads. */
  public MesosLocalConfig withMasters(int n) {
    return copy(c -> c.masters = n);
  }

  /** How long a new leader waits for the agents it knows to re-register. */
  public MesosLocalConfig withAgentReregisterTimeout(Duration d) {
    return copy(c -> c.agentReregisterTimeout = d);
  }

  /** The credentials file ({@code --credentials}), JSON or {@code principal secret} lines. */
  public MesosLocalConfig withCredentials(String file) {
    return copy(c -> c.credentials = file);
  }

  /** Whether the scheduler API requires HTTP basic authentication with those credentials. */
  public MesosLocalConfig withFrameworkAuthentication(boolean on) {
    return copy(c -> c.authenticateFrameworks = on);
  }

  /**
   * Executors must authenticate with the token the agent gives each of them (Mesos'
   * {@code --authenticate_http_executors}).
   */
  public MesosLocalConfig withExecutorAuthentication(boolean on) {
    return copy(c -> c.authenticateHttpExecutors = on);
  }

  /** The agents' {@code --fetcher_cache_dir}. */
  public MesosLocalConfig withFetcherCacheDir(Path dir) {
    return copy(c -> c.fetcherCacheDir = dir);
  }

  /** The agents' {@code --fetcher_cache_size} in bytes (0: no cache). */
  public MesosLocalConfig withFetcherCacheSize(long bytes) {
    return copy(c -> c.fetcherCacheSize = bytes);
  }

  /**
   * Benchmark only: custom executors run as in-process stand-ins instead of processes (see
   * {@code inProcessStandInExecutors}).
   */
  public MesosLocalConfig withInProcessStandInExecutors(boolean on) {
    return copy(c -> c.inProcessStandInExecutors = on);
  }

  private MesosLocalConfig copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** The components, changeable one at a time by the withers. */
  private static final class Fields {
    int agents;
    String resources;
    int port;
    int zkPort;
    Path workDir;
    Duration offerTimeout;
    Duration heartbeatInterval;
    Duration agentPingTimeout;
    Duration executorRegistrationTimeout;
    Duration executorShutdownGracePeriod;
    Duration statusUpdateRetryInterval;
    Duration agentRemovalTimeout;
    int masters;
    Duration agentReregisterTimeout;
    String credentials;
    boolean authenticateFrameworks;
    boolean authenticateHttpExecutors;
    Path fetcherCacheDir;
    long fetcherCacheSize;
    boolean inProcessStandInExecutors;

    Fields(MesosLocalConfig c) {
      agents = c.agents;
      resources = c.resources;
      port = c.port;
      zkPort = c.zkPort;
      workDir = c.workDir;
      offerTimeout = c.offerTimeout;
      heartbeatInterval = c.heartbeatInterval;
      agentPingTimeout = c.agentPingTimeout;
      executorRegistrationTimeout = c.executorRegistrationTimeout;
      executorShutdownGracePeriod = c.executorShutdownGracePeriod;
      statusUpdateRetryInterval = c.statusUpdateRetryInterval;
      agentRemovalTimeout = c.agentRemovalTimeout;
      masters = c.masters;
      agentReregisterTimeout = c.agentReregisterTimeout;
      credentials = c.credentials;
      authenticateFrameworks = c.authenticateFrameworks;
      authenticateHttpExecutors = c.authenticateHttpExecutors;
      fetcherCacheDir = c.fetcherCacheDir;
      fetcherCacheSize = c.fetcherCacheSize;
      inProcessStandInExecutors = c.inProcessStandInExecutors;
    }

    MesosLocalConfig build() {
      return new MesosLocalConfig(agents, resources, port, zkPort, workDir, offerTimeout,
          heartbeatInterval, agentPingTimeout, executorRegistrationTimeout,
          executorShutdownGracePeriod, statusUpdateRetryInterval, agentRemovalTimeout, masters,
          agentReregisterTimeout, credentials, authenticateFrameworks, authenticateHttpExecutors,
          fetcherCacheDir, fetcherCacheSize, inProcessStandInExecutors);
    }
  }
}
