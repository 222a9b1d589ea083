package io.kafkamesos.local;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.agent.Agent;
import io.kafkamesos.local.agent.AgentSettings;
import io.kafkamesos.local.agent.ExecutorApi;
import io.kafkamesos.local.agent.ExecutorEndpoint;
import io.kafkamesos.local.agent.ExecutorTokens;
import io.kafkamesos.local.agent.StandInExecutors;
import io.kafkamesos.local.http.HttpServer;
import io.kafkamesos.local.http.HttpServers;
import io.kafkamesos.local.master.LeadingMaster;
import io.kafkamesos.local.state.LocalLayout;
import io.kafkamesos.local.state.PortSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mesos-local's agents, each on its own loopback address with its executor API server, talking to
 * whichever master leads; their machines can die and come back ({@link #stop}, {@link #start}).
 */
final class Agents {

  private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

  private final EventLoop loop;
  private final HttpServers http;
  private final ExecutorService workers;
  private final LeadingMaster leader;
  private final List<Agent> agents = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  /** Benchmark only: the in-process stand-ins of the agents' executors, when configured. */
  private Optional<StandInExecutors> standIns = Optional.empty();

  Agents(EventLoop loop, HttpServers http, ExecutorService workers, LeadingMaster leader) {
    this.loop = Objects.requireNonNull(loop);
    this.http = Objects.requireNonNull(http);
    this.workers = Objects.requireNonNull(workers);
    this.leader = Objects.requireNonNull(leader);
  }

  /**
   * Who the agents are: those of the layout (same id, hostname and port), then new ones up to the
   * configured number (a new id, the next loopback alias, a free port).
   */
  static List<LocalLayout.AgentSlot> plan(LocalLayout layout, MesosLocalConfig config) {
    int count = Math.max(config.agents(), layout.agents().size());
    List<LocalLayout.AgentSlot> slots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slots.add(i < layout.agents().size() ? layout.agents().get(i)
          : new LocalLayout.AgentSlot(UUID.randomUUID() + "-S" + i, LocalLayout.hostname(i), 0));
    }
    return slots;
  }

  /**
   * Opens the planned agents, each recovering its checkpoint, and binds their addresses; they
   * serve after {@link #startAll}.
   *
   * @param executorTokens present when executors must authenticate (one key for all agents, as
   *     a cluster's {@code --jwt_secret_key})
   * @return every agent's identity with the port it got, for the layout
   */
  List<LocalLayout.AgentSlot> open(Path workDir, List<LocalLayout.AgentSlot> planned,
      MesosLocalConfig config, Optional<ExecutorTokens> executorTokens) throws IOException {
    int count = planned.size();
    Resources base = Resources.parse(config.resources());
    if (config.inProcessStandInExecutors() && standIns.isEmpty()) {
      standIns = Optional.of(new StandInExecutors());
      LOG.warn("Benchmark mode: custom executors run as in-process stand-ins, not as processes");
    }
    List<LocalLayout.AgentSlot> slots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LocalLayout.AgentSlot slot = planned.get(i);
      HttpServer server = http.bind(slot.hostname(), slot.port());
      servers.add(server);
      slot = new LocalLayout.AgentSlot(slot.id(), slot.hostname(), server.port());
      slots.add(slot);
      Resources resources = PortSplit.forAgent(base, count, i);
      AgentInfo info = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(slot.id()))
          .setHostname(slot.hostname()).setPort(slot.port())
          .addAllResources(resources.toList()).build();
      AgentSettings settings = new AgentSettings(workDir.resolve("agents").resolve(slot.id()),
          Clock.systemUTC(), config.heartbeatInterval(), config.executorRegistrationTimeout(),
          config.agentPingTimeout(), config.executorShutdownGracePeriod(),
          config.statusUpdateRetryInterval(), executorTokens, config.fetcherCacheRoot(),
          config.fetcherCacheSize(), standIns);
      Agent agent = loop.call(() -> Agent.open(info, resources, settings, loop, leader,
          workers));
      serveExecutorApi(server, agent);
      agents.add(agent);
    }
    return slots;
  }

  /** Starts the agents (they re-attach to their executors) and their servers. */
  void startAll() {
    loop.run(() -> agents.forEach(Agent::start));
    servers.forEach(HttpServer::start);
  }

  /** The agents now, in agent order. */
  List<Agent> all() {
    return List.copyOf(agents);
  }

  /** See {@link MesosLocal#stopAgent}. */
  void stop(String hostname) {
    int i = index(hostname);
    Agent agent = agents.get(i);
    if (loop.call(agent::dead)) {
      throw new IllegalStateException("agent " + hostname + " is stopped already");
    }
    loop.run(agent::die);
    servers.get(i).close();
  }

  /** See {@link MesosLocal#startAgent}. */
  void start(String hostname) {
    int i = index(hostname);
    Agent old = agents.get(i);
    if (!loop.call(old::dead)) {
      throw new IllegalStateException("agent " + hostname + " is running");
    }
    HttpServer server = rebind(hostname, old.info().getPort());
    Agent agent = loop.call(() -> {
      Agent rebooted = old.reboot();
      agents.set(i, rebooted); // before any election sees the dead one
      leader.current().ifPresent(m -> m.reregisterAgent(rebooted));
      rebooted.startRebooted();
      return rebooted;
    });
    serveExecutorApi(server, agent);
    server.start();
    servers.set(i, server);
  }

  /**
   * Stops serving the executor APIs (their streams close); the executors keep running (in-process
   * stand-ins end with their streams).
   */
  void closeServers() {
    servers.forEach(HttpServer::close);
    standIns.ifPresent(StandInExecutors::close);
  }

  private void serveExecutorApi(HttpServer server, Agent agent) {
    ExecutorEndpoint endpoint = new ExecutorEndpoint(new ExecutorApi(agent), loop,
        agent.executorTokens());
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
          throw new UncheckedIOException("cannot serve agent " + hostname + " again", e);
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

  private int index(String hostname) {
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i).info().getHostname().equals(hostname)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no agent with hostname " + hostname);
  }
}
