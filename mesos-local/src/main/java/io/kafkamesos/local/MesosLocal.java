package io.kafkamesos.local;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.agent.Agent;
import io.kafkamesos.local.agent.AgentSettings;
import io.kafkamesos.local.agent.ExecutorApi;
import io.kafkamesos.local.agent.ExecutorEndpoint;
import io.kafkamesos.local.agent.MachineEndpoint;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpServer;
import io.kafkamesos.local.http.HttpServers;
import io.kafkamesos.local.marathon.AppsEndpoint;
import io.kafkamesos.local.marathon.Marathon;
import io.kafkamesos.local.master.Master;
import io.kafkamesos.local.master.MasterFactory;
import io.kafkamesos.local.master.SchedulerEndpoint;
import io.kafkamesos.local.master.StateEndpoint;
import io.kafkamesos.local.proxy.MasterStateDirectory;
import io.kafkamesos.local.proxy.ServiceProxy;
import io.kafkamesos.local.proxy.TeardownEndpoint;
import io.kafkamesos.local.state.LocalLayout;
import io.kafkamesos.local.state.PortSplit;
import io.kafkamesos.local.zk.EmbeddedZooKeeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-machine Mesos: an embedded ZooKeeper, a master speaking the v1 scheduler API and
 * agents speaking the v1 executor API and running executors as child processes. State that a
 * restart needs lives in the work dir; {@link #stop()} leaves executors running and
 * {@link #close()} ends everything, ZooKeeper last.
 */
public final class MesosLocal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MesosLocal.class);
  /** How long close() waits for killed tasks to end before shutting executors down. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(15);

  private final MesosLocalConfig config;
  private EmbeddedZooKeeper zk;
  private final EventLoop loop;
  private final ExecutorService workers;
  private final HttpServers http;
  private final HttpServer masterServer;
  private final List<HttpServer> agentServers;
  private final Master master;
  private final List<Agent> agents;
  private final Marathon marathon;
  private boolean stopped;

  private MesosLocal(MesosLocalConfig config, EmbeddedZooKeeper zk, EventLoop loop,
      ExecutorService workers, HttpServers http, HttpServer masterServer,
      List<HttpServer> agentServers, Master master, List<Agent> agents, Marathon marathon) {
    this.config = config;
    this.zk = zk;
    this.loop = loop;
    this.workers = workers;
    this.http = http;
    this.masterServer = masterServer;
    this.agentServers = agentServers;
    this.master = master;
    this.agents = agents;
    this.marathon = marathon;
  }

  public static MesosLocal start(MesosLocalConfig config) throws IOException {
    Path workDir = config.workDir().toAbsolutePath();
    Files.createDirectories(workDir);
    LocalLayout layout = LocalLayout.load(workDir)
        .orElse(new LocalLayout(config.port(), config.zkPort(), List.of()));
    int zkPort = config.zkPort() != 0 ? config.zkPort() : layout.zkPort();
    int masterPort = config.port() != 0 ? config.port() : layout.masterPort();
    EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(workDir.resolve("zookeeper"), zkPort);
    EventLoop loop = new EventLoop("mesos-local");
    ExecutorService workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mesos-local-worker");
      t.setDaemon(true);
      return t;
    });
    HttpServers http = HttpServers.start("mesos-local");
    List<HttpServer> opened = new ArrayList<>();
    try {
      HttpServer masterServer = http.bind("127.0.0.1", masterPort);
      opened.add(masterServer);
      int port = masterServer.port();
      Master master = MasterFactory.create(Clock.systemUTC(), loop, port, config);
      int count = Math.max(config.agents(), layout.agents().size());
      Resources base = Resources.parse(config.resources());
      List<Agent> agents = new ArrayList<>();
      List<HttpServer> agentServers = new ArrayList<>();
      List<LocalLayout.AgentSlot> slots = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        LocalLayout.AgentSlot slot = i < layout.agents().size() ? layout.agents().get(i)
            : new LocalLayout.AgentSlot(UUID.randomUUID() + "-S" + i, LocalLayout.hostname(i), 0);
        HttpServer server = http.bind(slot.hostname(), slot.port());
        opened.add(server);
        slot = new LocalLayout.AgentSlot(slot.id(), slot.hostname(), server.port());
        slots.add(slot);
        Resources resources = PortSplit.forAgent(base, count, i);
        AgentInfo info = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(slot.id()))
            .setHostname(slot.hostname()).setPort(slot.port())
            .addAllResources(resources.toList()).build();
        AgentSettings settings = new AgentSettings(workDir.resolve("agents").resolve(slot.id()),
            Clock.systemUTC(), config.heartbeatInterval(), config.executorRegistrationTimeout(),
            config.agentPingTimeout(), config.executorShutdownGracePeriod(),
            config.statusUpdateRetryInterval());
        Agent agent = loop.call(() -> Agent.open(info, resources, settings, loop, master,
            workers));
        serveExecutorApi(server, agent, loop);
        agents.add(agent);
        agentServers.add(server);
      }
      new LocalLayout(port, zk.port(), slots).save(workDir);
      String masterUrl = "http://127.0.0.1:" + port;
      SchedulerEndpoint scheduler = new SchedulerEndpoint(master, loop);
      masterServer.context(SchedulerEndpoint.PATH, scheduler);
      masterServer.context(SchedulerEndpoint.MASTER_PATH, scheduler);
      StateEndpoint state = new StateEndpoint(master, loop, () -> masterUrl, zk.connectString());
      masterServer.context("/state", state);
      masterServer.context("/master/state", state);
      masterServer.context("/state.json", state);
      HttpHandler health = exchange -> exchange.reply(200, java.util.Map.of(),
          new byte[0]);
      masterServer.context("/health", health);
      masterServer.context("/master/health", health);
      masterServer.context("/master/state.json", state);
      // Marathon, adminrouter's /service proxy and the operator's teardown (issue 5)
      Marathon marathon = Marathon.open(workDir.resolve("marathon"), Clock.systemUTC());
      AppsEndpoint apps = new AppsEndpoint(marathon);
      masterServer.context(AppsEndpoint.PATH, apps);
      masterServer.context(AppsEndpoint.DCOS_PATH, apps);
      masterServer.context(ServiceProxy.PATH, new ServiceProxy(
          new MasterStateDirectory(() -> masterUrl, ServiceProxy.client()), ServiceProxy.client(),
          Duration.ofSeconds(120)));
      TeardownEndpoint teardown = new TeardownEndpoint(master, loop);
      masterServer.context(TeardownEndpoint.PATH, teardown);
      masterServer.context(TeardownEndpoint.SHORT_PATH, teardown);
      loop.run(() -> {
        agents.forEach(master::addAgent);
        agents.forEach(Agent::start);
        master.startAllocationTimer();
      });
      agentServers.forEach(HttpServer::start);
      masterServer.start();
      marathon.start();
      LOG.info("mesos-local: master {} with {} agents, ZooKeeper {}, work dir {}", masterUrl,
          count, zk.connectString(), workDir);
      MesosLocal local = new MesosLocal(config, zk, loop, workers, http, masterServer,
          agentServers, master, agents, marathon);
      masterServer.context(MachineEndpoint.PATH, new MachineEndpoint(
          new MachineEndpoint.Machines() {
            @Override
            public void stop(String hostname) {
              local.stopAgent(hostname);
            }

            @Override
            public void start(String hostname) {
              local.startAgent(hostname);
            }
          }));
      return local;
    } catch (IOException | RuntimeException e) {
      opened.forEach(HttpServer::close);
      http.close();
      loop.close();
      workers.shutdownNow();
      zk.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "http://127.0.0.1:" + masterServer.port();
  }

  /** The embedded ZooKeeper's address, the same across {@link #stopZooKeeper()} and a restart. */
  public synchronized String zkConnect() {
    return zk.connectString();
  }

  /**
   * ZooKeeper's machine dies: the server stops and every client connection drops (Kafka brokers,
   * schedulers). The master and agents do not use ZooKeeper and keep running. Its data stays in the
   * work dir for {@link #startZooKeeper()}.
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
    return agents.stream().map(a -> a.info().getHostname()).toList();
  }

  /** The agents' ids, in agent order. */
  public List<String> agentIds() {
    return agents.stream().map(Agent::id).toList();
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
    int i = agentIndex(hostname);
    Agent agent = agents.get(i);
    if (loop.call(agent::dead)) {
      throw new IllegalStateException("agent " + hostname + " is stopped already");
    }
    loop.run(agent::die);
    agentServers.get(i).close();
  }

  /**
   * The agent's machine comes back: the agent re-registers with the same id and work dir
   * (reservations and volumes with their data kept); its executors are gone, as after a reboot.
   *
   * @throws IllegalArgumentException for an unknown hostname
   * @throws IllegalStateException when the agent is running
   */
  public synchronized void startAgent(String hostname) {
    int i = agentIndex(hostname);
    Agent old = agents.get(i);
    if (!loop.call(old::dead)) {
      throw new IllegalStateException("agent " + hostname + " is running");
    }
    HttpServer server = rebind(hostname, old.info().getPort());
    Agent agent = loop.call(() -> {
      Agent rebooted = old.reboot();
      master.reregisterAgent(rebooted);
      rebooted.startRebooted();
      return rebooted;
    });
    serveExecutorApi(server, agent, loop);
    server.start();
    agents.set(i, agent);
    agentServers.set(i, server);
  }

  private static void serveExecutorApi(HttpServer server, Agent agent, EventLoop loop) {
    ExecutorEndpoint endpoint = new ExecutorEndpoint(new ExecutorApi(agent), loop);
    server.context(ExecutorEndpoint.PATH, endpoint);
    server.context(ExecutorEndpoint.AGENT_PATH, endpoint);
  }

  /** Binds the agent's address again; the port may linger a moment after the machine died. */
  private HttpServer rebind(String hostname, int port) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try {
        return http.bind(hostname, port);
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new java.io.UncheckedIOException("cannot serve agent " + hostname + " again", e);
        }
        LOG.debug("agent {} port {} not free yet: {}", hostname, port, e.getMessage());
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ie);
        }
      }
    }
  }

  private int agentIndex(String hostname) {
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i).info().getHostname().equals(hostname)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no agent with hostname " + hostname);
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
      loop.run(() -> {
        master.closeStreams();
        agents.forEach(Agent::closeStreams);
      });
    } catch (RuntimeException e) {
      LOG.warn("closing streams failed: {}", e.getMessage());
    }
    masterServer.close();
    agentServers.forEach(HttpServer::close);
    http.close();
    loop.close();
    workers.shutdownNow();
    zk.close();
  }

  /**
   * Shuts everything down cleanly: kills every task (KILL to executors), waits for them to end,
   * shuts executors down (SHUTDOWN, then signals after the grace period), kills what is left,
   * then stops the agents, the master and ZooKeeper last.
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
      loop.run(master::killAll);
      await(KILL_GRACE, () -> !loop.call(master::hasLiveTasks));
      loop.run(() -> agents.forEach(Agent::shutdownAll));
      Duration grace = config.executorShutdownGracePeriod().plusSeconds(5);
      await(grace, () -> loop.call(() -> agents.stream().noneMatch(Agent::hasLiveProcesses)));
      loop.run(() -> agents.forEach(Agent::killAllProcesses));
      await(Duration.ofSeconds(5),
          () -> loop.call(() -> agents.stream().noneMatch(Agent::hasLiveProcesses)));
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
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
