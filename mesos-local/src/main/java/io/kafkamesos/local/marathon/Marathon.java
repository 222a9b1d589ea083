package io.kafkamesos.local.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.local.marathon.AppStore.StoredApp;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Marathon of mesos-local: apps (one instance each) run as child processes of mesos-local
 * on an agent's host (its loopback alias is their {@code HOST}), outside Mesos' resource
 * accounting, as Marathon's tasks would run on an agent reserved for them. Definitions are kept
 * in the work dir ({@link AppStore}); {@link #start()} relaunches them, {@link #close()} stops
 * every app process and keeps the definitions.
 */
public final class Marathon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Marathon.class);
  /** Fields of GET answers that a client may send back in a PUT; they are not definition. */
  static final List<String> STATUS_FIELDS = List.of("version", "versionInfo", "tasks",
      "tasksStaged", "tasksRunning", "tasksHealthy", "tasksUnhealthy", "deployments",
      "lastTaskFailure", "taskStats", "readinessCheckResults");

  /** The app exists already (HTTP 409). */
  public static final class AppExistsException extends RuntimeException {
    public AppExistsException(String id) {
      super("An app with id [" + id + "] already exists.");
    }
  }

  /** An accepted change: Marathon's version and deployment id. */
  public record Deployment(String version, String deploymentId) {
  }

  /** Where Marathon runs (the master's address): its own health checks come from here. */
  public static final String MARATHON_ADDRESS = "127.0.0.1";

  private final AppStore store;
  private final Clock clock;
  private final List<AgentHost> agents;
  private final HealthProbe probe;
  private final ExecutorService probes;
  private final Map<String, String> parentEnv;
  private final Map<String, AppSupervisor> apps = new TreeMap<>();
  private boolean closed;

  /** @param agents the agents apps may run on (their hostnames), in agent order */
  Marathon(AppStore store, Clock clock, List<AgentHost> agents, HealthProbe probe,
      Map<String, String> parentEnv) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.agents = List.copyOf(agents);
    this.probe = Objects.requireNonNull(probe, "probe");
    this.parentEnv = Map.copyOf(parentEnv);
    this.probes = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "marathon-health-check");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Marathon over {@code dir} (e.g. {@code <work-dir>/marathon}), with the apps stored there,
   * running apps on these agents' hosts.
   */
  public static Marathon open(Path dir, Clock clock, List<AgentHost> agents) {
    if (agents.stream().noneMatch(a -> !a.hostname().equals(MARATHON_ADDRESS))) {
      LOG.warn("Marathon: every agent has Marathon's own address {}; its HTTP and TCP health"
          + " checks cannot tell a task that listens on loopback only (run 2 agents or more)",
          MARATHON_ADDRESS);
    }
    Marathon marathon = new Marathon(new AppStore(dir, new ObjectMapper()), clock, agents,
        HealthProbe.network(MARATHON_ADDRESS), System.getenv());
    marathon.load();
    return marathon;
  }

  private synchronized void load() {
    for (StoredApp stored : store.loadAll()) {
      try {
        AppDefinition app = AppParser.parse(stored.definition(), Optional.empty());
        apps.put(app.name(), supervisor(app, Optional.of(stored)));
      } catch (InvalidAppException e) {
        LOG.warn("Ignoring a stored app that is no longer valid: {}", e.getMessage());
      }
    }
  }

  /** Launches every stored app (after ending processes an earlier run may have left). */
  public synchronized void start() {
    if (!apps.isEmpty()) {
      LOG.info("Marathon: relaunching {}", apps.keySet());
    }
    apps.values().forEach(AppSupervisor::start);
  }

  /**
   * Creates and launches an app.
   *
   * @throws InvalidAppException for a definition Marathon refuses (422)
   * @throws AppExistsException when the id is taken (409)
   */
  public synchronized AppView create(JsonNode body) {
    AppDefinition app = AppParser.parse(definitionOf(body), Optional.empty());
    ensureOpen();
    if (apps.containsKey(app.name())) {
      throw new AppExistsException(app.id());
    }
    AppSupervisor supervisor = supervisor(app, Optional.empty());
    apps.put(app.name(), supervisor);
    supervisor.start();
    LOG.info("Marathon: created app {}", app.id());
    return supervisor.view();
  }

  public synchronized Optional<AppView> get(String id) {
    return Optional.ofNullable(apps.get(AppParser.normalize(id))).map(AppSupervisor::view);
  }

  public synchronized List<AppView> list() {
    return apps.values().stream().map(AppSupervisor::view).toList();
  }

  /**
   * PUT: the given fields replace the app's (those left out keep their values); an app that does
   * not exist is created, as Marathon does.
   */
  public synchronized Deployment update(String id, JsonNode body) {
    String name = AppParser.normalize(id);
    AppSupervisor existing = apps.get(name);
    ObjectNode merged = existing == null ? definitionOf(body)
        : existing.view().app().raw().deepCopy().setAll(definitionOf(body));
    AppDefinition app = AppParser.parse(merged, Optional.of(name));
    ensureOpen();
    if (existing == null) {
      AppView view = create(app.raw());
      return new Deployment(view.version(), view.deploymentId().orElse(""));
    }
    String deployment = existing.update(app);
    return new Deployment(clock.instant().toString(), deployment);
  }

  /** Stops and forgets the app; empty when there is none. */
  public Optional<Deployment> delete(String id) {
    AppSupervisor supervisor;
    synchronized (this) {
      supervisor = apps.remove(AppParser.normalize(id));
    }
    if (supervisor == null) {
      return Optional.empty();
    }
    supervisor.destroy();
    return Optional.of(new Deployment(clock.instant().toString(),
        java.util.UUID.randomUUID().toString()));
  }

  /** Stops every app's process (in parallel), keeping the definitions for the next start. */
  @Override
  public void close() {
    List<AppSupervisor> running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = new ArrayList<>(apps.values());
    }
    if (!running.isEmpty()) {
      LOG.info("Marathon: stopping {} app(s)", running.size());
    }
    CompletableFuture.allOf(running.stream()
        .map(s -> CompletableFuture.runAsync(s::shutdown)).toArray(CompletableFuture[]::new))
        .join();
    probes.shutdownNow();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Marathon is stopping");
    }
  }

  private AppSupervisor supervisor(AppDefinition app, Optional<StoredApp> stored) {
    Map<String, Long> appsPerHost = apps.values().stream().collect(Collectors.groupingBy(
        a -> a.host().hostname(), Collectors.counting()));
    AgentHost host = AgentHost.choose(stored.map(StoredApp::host).filter(h -> !h.isEmpty()),
        agents, appsPerHost, MARATHON_ADDRESS);
    return new AppSupervisor(app, stored, host, store, clock, probe, probes, parentEnv);
  }

  private static ObjectNode definitionOf(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidAppException(List.of(new InvalidAppException.Problem("/",
          "an app definition must be a JSON object")));
    }
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    STATUS_FIELDS.forEach(copy::remove);
    return copy;
  }
}
