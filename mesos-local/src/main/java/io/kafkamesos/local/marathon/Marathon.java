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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Marathon of mesos-local: apps (one instance each) run as child processes of mesos-local,
 * outside Mesos' resource accounting, as Marathon's own tasks would run on a DC/OS master node's
 * agent. Definitions are kept in the work dir ({@link AppStore}); {@link #start()} relaunches
 * them, {@link #close()} stops every app process and keeps the definitions.
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

  private final AppStore store;
  private final Clock clock;
  private final RestartBackoff backoff;
  private final HealthProbe probe;
  private final Map<String, String> parentEnv;
  private final Map<String, AppSupervisor> apps = new TreeMap<>();
  private boolean closed;

  Marathon(AppStore store, Clock clock, RestartBackoff backoff, HealthProbe probe,
      Map<String, String> parentEnv) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.parentEnv = Map.copyOf(parentEnv);
  }

  /** Marathon over {@code dir} (e.g. {@code <work-dir>/marathon}), with the apps stored there. */
  public static Marathon open(Path dir, Clock clock) {
    Marathon marathon = new Marathon(new AppStore(dir, new ObjectMapper()), clock,
        RestartBackoff.DEFAULT, HealthProbe.LOOPBACK, System.getenv());
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
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Marathon is stopping");
    }
  }

  private AppSupervisor supervisor(AppDefinition app, Optional<StoredApp> stored) {
    return new AppSupervisor(app, stored, store, clock, backoff, probe, parentEnv);
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
