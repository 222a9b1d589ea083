package io.kafkamesos.local;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.agent.Agent;
import io.kafkamesos.local.agent.ExecutorTokens;
import io.kafkamesos.local.agent.MachineEndpoint;
import io.kafkamesos.local.http.AuthenticationFailures;
import io.kafkamesos.local.http.BasicAuthenticator;
import io.kafkamesos.local.http.Credentials;
import io.kafkamesos.local.http.HttpServer;
import io.kafkamesos.local.http.HttpServers;
import io.kafkamesos.local.marathon.AgentHost;
import io.kafkamesos.local.marathon.AppsEndpoint;
import io.kafkamesos.local.marathon.Marathon;
import io.kafkamesos.local.master.LeadingMaster;
import io.kafkamesos.local.master.Master;
import io.kafkamesos.local.master.MasterProcess;
import io.kafkamesos.local.master.MasterSettings;
import io.kafkamesos.local.master.Registry;
import io.kafkamesos.local.proxy.MasterStateDirectory;
import io.kafkamesos.local.proxy.ServiceProxy;
import io.kafkamesos.local.state.LocalLayout;
import io.kafkamesos.local.zk.EmbeddedZooKeeper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-machine Mesos: an embedded ZooKeeper, one to three masters (one leads, as ZooKeeper
 * decides) speaking the v1 scheduler API, and agents speaking the v1 executor API and running
 * executors as child processes. State that a restart needs lives in the work dir; {@link #stop()}
 * leaves executors running and {@link #close()} ends everything, ZooKeeper last.
 */
public final class MesosLocal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MesosLocal.class);
  /** How long close() waits for killed tasks to end before shutting executors down. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(15);
  /** How long start() waits for the first leader. */
  private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);

  private final MesosLocalConfig config;
  private EmbeddedZooKeeper zk;
  private final EventLoop loop;
  private final ExecutorService workers;
  private final HttpServers http;
  private final LeadingMaster leader = new LeadingMaster();
  private final AuthenticationFailures frameworkAuthenticationFailures =
      new AuthenticationFailures(Clock.systemUTC());
  private final Agents agents;
  private final Marathon marathon;
  private Masters masters;
  private boolean stopped;

  private MesosLocal(MesosLocalConfig config, EmbeddedZooKeeper zk, EventLoop loop,
      ExecutorService workers, HttpServers http, Marathon marathon) {
    this.config = config;
    this.zk = zk;
    this.loop = loop;
    this.workers = workers;
    this.http = http;
    this.marathon = marathon;
    this.agents = new Agents(loop, http, workers, leader);
  }

  public static MesosLocal start(MesosLocalConfig config) throws IOException {
    Path workDir = config.workDir().toAbsolutePath();
    Files.createDirectories(workDir);
    LocalLayout layout = LocalLayout.load(workDir)
        .orElse(new LocalLayout(config.port(), config.zkPort(), List.of(), List.of()));
    int zkPort = config.zkPort() != 0 ? config.zkPort() : layout.zkPort();
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(workDir.resolve("zookeeper"), zkPort);
    EventLoop loop = new EventLoop("mesos-local");
    ExecutorService workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mesos-local-worker");
      t.setDaemon(true);
      return t;
    });
    HttpServers http = HttpServers.forAgents("mesos-local",
        Math.max(config.agents(), layout.agents().size()));
    MesosLocal local = null;
    try {
      List<LocalLayout.AgentSlot> planned = Agents.plan(layout, config);
      Marathon marathon = Marathon.open(workDir.resolve("marathon"), Clock.systemUTC(),
          planned.stream().map(a -> new AgentHost(a.id(), a.hostname())).toList());
      local = new MesosLocal(config, zk, loop, workers, http, marathon);
      local.open(workDir, layout, planned);
      return local;
    } catch (IOException | RuntimeException e) {
      if (local != null) {
        local.halt();
      } else {
        http.close();
        loop.close();
        workers.shutdownNow();
        zk.close();
      }
      throw e;
    }
  }

  private void open(Path workDir, LocalLayout layout, List<LocalLayout.AgentSlot> planned)
      throws IOException {
    List<Integer> masterPorts = new ArrayList<>();
    masterPorts.add(config.port() != 0 ? config.port() : layout.masterPort());
    for (int i = 1; i < config.masters(); i++) {
      masterPorts.add(i - 1 < layout.otherMasterPorts().size()
          ? layout.otherMasterPorts().get(i - 1) : 0);
    }
    MasterSettings settings = new MasterSettings(config.heartbeatInterval(),
        config.offerTimeout(), config.agentPingTimeout(), config.agentRemovalTimeout(),
        config.agentReregisterTimeout());
    MasterProcess.Shared shared = new MasterProcess.Shared(Clock.systemUTC(), loop,
        new Registry(), settings, leader, agents::all, zk.connectString());
    if (config.authenticateFrameworks() && config.credentials() == null) {
      throw new IllegalArgumentException(
          "authenticating HTTP frameworks needs a credentials file (--credentials)");
    }
    Optional<BasicAuthenticator> authenticator = config.authenticateFrameworks()
        ? Optional.of(new BasicAuthenticator(BasicAuthenticator.FRAMEWORK_REALM,
            Credentials.read(config.credentials()), frameworkAuthenticationFailures))
        : Optional.empty();
    masters = new Masters(http, shared, masterPorts, authenticator, this::serveDcos);
    masters.bindAll();
    // one key for all agents (as a cluster's --jwt_secret_key), kept for restarts
    Optional<ExecutorTokens> executorTokens = config.authenticateHttpExecutors()
        ? Optional.of(ExecutorTokens.load(workDir.resolve("executor-jwt-secret-key"),
            Clock.systemUTC()))
        : Optional.empty();
    List<LocalLayout.AgentSlot> slots = agents.open(workDir, planned, config, executorTokens);
    new LocalLayout(portOf(masters.url(0)), zk.port(), slots, masters.otherPorts())
        .save(workDir);
    agents.startAll();
    masters.startAll();
    int elected = masters.awaitLeader(ELECTION_TIMEOUT);
    marathon.start();
    LOG.info("mesos-local: masters {} (master {} leads, zk://{}/mesos) with {} agents, work dir {}",
        masters.urls(), elected, zk.connectString(), agents.all().size(), workDir);
  }

  /** What every master node serves in DC/OS beside Mesos: Marathon, the /service proxy. */
  private void serveDcos(HttpServer server) {
    AppsEndpoint apps = new AppsEndpoint(marathon);
    server.context(AppsEndpoint.PATH, apps);
    server.context(AppsEndpoint.DCOS_PATH, apps);
    // adminrouter asks the leading master; a redirect from another one is followed
    HttpClient state = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    server.context(ServiceProxy.PATH, new ServiceProxy(new MasterStateDirectory(this::masterUrl,
        state), ServiceProxy.client(), Duration.ofSeconds(120)));
    server.context(MachineEndpoint.PATH, new MachineEndpoint(new MachineEndpoint.Machines() {
      @Override
      public void stop(String hostname) {
        stopAgent(hostname);
      }

      @Override
      public void start(String hostname) {
        startAgent(hostname);
      }
    }));
  }

  private static int portOf(String url) {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  /** The leading master's URL ({@code http://127.0.0.1:<port>}); the first master's if none. */
  public String masterUrl() {
    return masters.url(masters.leader().orElse(0));
  }

  /** Every master's URL, by index (a stopped master keeps its URL). */
  public List<String> masterUrls() {
    return masters.urls();
  }

  /** The masters' address as Mesos users give it: {@code zk://127.0.0.1:<port>/mesos}. */
  public synchronized String zkMasterUrl() {
    return "zk://" + zk.connectString() + MasterProcess.GROUP;
  }

  /** The index of the master that leads now, if one does. */
  public OptionalInt leadingMaster() {
    return masters.leader();
  }

  /** Waits until a master leads (after a failover) and returns its index. */
  public int awaitLeadingMaster(Duration timeout) {
    return masters.awaitLeader(timeout);
  }

  /**
   * The leading master's process stops: its ZooKeeper entry vanishes at once (its session is
   * closed; {@link #crashLeadingMaster} leaves it to expire), its scheduler streams close,
   * and what it alone knew (offers, subscriptions) is gone. Another running master is elected
   * (see {@link #awaitLeadingMaster}) and recovers the registry; agents re-register with it with
   * their tasks, frameworks must subscribe again with their ids.
   *
   * @return the index of the master stopped
   * @throws IllegalStateException when no master leads
   */
  public int stopLeadingMaster() {
    int i = masters.leader().orElseThrow(() -> new IllegalStateException("no master leads"));
    masters.stop(i);
    return i;
  }

  /**
   * The leading master's process crashes (kill -9, its machine gone): its scheduler streams close
   * and its HTTP server with them, but its ZooKeeper session is not closed. Its entry stays until
   * ZooKeeper expires the session (10 s, Mesos' {@code --zk_session_timeout}); meanwhile the other
   * masters still redirect to it and {@code zk://} names it, as with a real Mesos master. Then
   * another master is elected (see {@link #awaitLeadingMaster}).
   *
   * @return the index of the master crashed
   * @throws IllegalStateException when no master leads
   */
  public int crashLeadingMaster() {
    int i = masters.leader().orElseThrow(() -> new IllegalStateException("no master leads"));
    masters.crash(i);
    return i;
  }

  /** Master {@code i}'s process dies (see {@link #stopLeadingMaster}). */
  public void stopMaster(int i) {
    masters.stop(i);
  }

  /** Master {@code i} starts again, a new process with a new id on its port. */
  public void startMaster(int i) {
    masters.start(i);
  }

  /**
   * The scheduler API requests refused for want of valid credentials (401), oldest first, on every
   * master, with the principal each claimed; empty unless frameworks must authenticate.
   */
  public List<AuthenticationFailures.Failure> frameworkAuthenticationFailures() {
    return frameworkAuthenticationFailures.all();
  }

  /** The embedded ZooKeeper's address, the same across {@link #stopZooKeeper()} and a restart. */
  public synchronized String zkConnect() {
    return zk.connectString();
  }

  /**
   * ZooKeeper's machine dies: the server stops and every client connection drops (Kafka brokers,
   * schedulers, the masters' memberships). Agents do not use ZooKeeper; the masters keep their
   * roles meanwhile, their sessions coming back with the server. Its data stays in the work dir
   * for {@link #startZooKeeper()}.
   *
   * @throws IllegalStateException when ZooKeeper is stopped already
   */
  public synchronized void stopZooKeeper() {
    if (!zk.isServing()) {
      throw new IllegalStateException("ZooKeeper is stopped already");
    }
    zk.close();
  }

  /** False between {@link #stopZooKeeper()} and {@link #startZooKeeper()}. */
  public synchronized boolean zooKeeperServing() {
    return zk.isServing();
  }

  /**
   * ZooKeeper comes back on the same port with the same data: sessions whose clients reconnect
   * within their timeout live on, as after a restart of a real ZooKeeper server.
   *
   * @throws IllegalStateException when ZooKeeper is running
   */
  public synchronized void startZooKeeper() throws IOException {
    if (zk.isServing()) {
      throw new IllegalStateException("ZooKeeper is running");
    }
    zk = zk.restart();
  }

  public List<String> agentHostnames() {
    return agents.all().stream().map(a -> a.info().getHostname()).toList();
  }

  /** The agents' ids, in agent order. */
  public List<String> agentIds() {
    return agents.all().stream().map(Agent::id).toList();
  }

  public MesosLocalConfig config() {
    return config;
  }

  /** The Marathon serving {@code /v2/apps}; its apps stop with mesos-local (stop or close). */
  public Marathon marathon() {
    return marathon;
  }

  /**
   * The agent's machine dies: every executor on it and its whole process tree (brokers included)
   * is SIGKILLed and the agent's HTTP endpoint closes, without a word to the master, which marks
   * the agent unreachable after the agent ping timeout. Its work dir (checkpoint, reservations,
   * volumes) stays for {@link #startAgent}.
   *
   * @throws IllegalArgumentException for an unknown hostname
   * @throws IllegalStateException when the agent is stopped already
   */
  public synchronized void stopAgent(String hostname) {
    agents.stop(hostname);
  }

  /**
   * The agent's machine comes back: the agent re-registers with the same id and work dir
   * (reservations and volumes with their data kept) with the leading master (or the next one
   * elected); its executors are gone, as after a reboot.
   *
   * @throws IllegalArgumentException for an unknown hostname
   * @throws IllegalStateException when the agent is running
   */
  public synchronized void startAgent(String hostname) {
    agents.start(hostname);
  }

  /**
   * Stops as if the process died: stops serving and ends the event loop, keeps executors (and
   * what they run) and the work dir. {@link #start} with the same work dir picks them up again.
   */
  public synchronized void stop() {
    if (!stopped) {
      LOG.info("mesos-local stopping; executors keep running");
      halt();
    }
  }

  private void halt() {
    stopped = true;
    marathon.close();
    try {
      loop.run(() -> agents.all().forEach(Agent::closeStreams));
    } catch (RuntimeException e) {
      LOG.warn("closing streams failed: {}", e.getMessage());
    }
    if (masters != null) {
      masters.close(); // memberships end before ZooKeeper does, streams with the servers
    }
    agents.closeServers();
    http.close();
    loop.close();
    workers.shutdownNow();
    zk.close();
  }

  /**
   * Shuts everything down cleanly: kills every task (KILL to executors), waits for them to end,
   * shuts executors down (SHUTDOWN, then signals after the grace period), kills what is left,
   * then stops the agents, the masters and ZooKeeper last.
   */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    LOG.info("mesos-local closing: Marathon's apps, then tasks, then executors");
    // schedulers first, so that none relaunches the brokers killed next
    marathon.close();
    try {
      loop.run(() -> leader.current().ifPresent(Master::killAll));
      await(KILL_GRACE, () -> !loop.call(() -> leader.current().map(Master::hasLiveTasks)
          .orElse(false)));
      loop.run(() -> agents.all().forEach(Agent::shutdownAll));
      Duration grace = config.executorShutdownGracePeriod().plusSeconds(5);
      await(grace, () -> loop.call(() -> agents.all().stream()
          .noneMatch(Agent::hasLiveProcesses)));
      loop.run(() -> agents.all().forEach(Agent::killAllProcesses));
      await(Duration.ofSeconds(5), () -> loop.call(() -> agents.all().stream()
          .noneMatch(Agent::hasLiveProcesses)));
    } catch (RuntimeException e) {
      LOG.warn("clean shutdown incomplete: {}", e.getMessage());
    }
    halt();
    LOG.info("mesos-local closed");
  }

  private static void await(Duration timeout, BooleanSupplier done) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (done.getAsBoolean()) {
        return;
      }
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
