package io.kafkamesos.local.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Marathon's apps outlive mesos-local: {@code <dir>/<app>/app.json} holds the definition,
 * the agent host and ports last given, the version and the pid of the process last started; the
 * app's run
 * sandboxes sit beside it in {@code <dir>/<app>/<run>/}. Writes replace the file atomically.
 */
final class AppStore {

  private static final Logger LOG = LoggerFactory.getLogger(AppStore.class);
  private static final String FILE = "app.json";

  /**
   * What is kept of one app.
   *
   * @param host the hostname of the agent it ran on ("" before the first run)
   * @param pid the process last started (0: none), with its start time as the OS reports it so
   *     that a recycled pid is not taken for it
   */
  record StoredApp(ObjectNode definition, String host, List<Integer> ports, String version,
      long runs, long pid, String pidStarted) {
    StoredApp {
      Objects.requireNonNull(definition, "definition");
      Objects.requireNonNull(host, "host");
      ports = List.copyOf(ports);
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(pidStarted, "pidStarted");
    }
  }

  private final Path dir;
  private final ObjectMapper json;

  AppStore(Path dir, ObjectMapper json) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.json = Objects.requireNonNull(json, "json");
  }

  Path appDir(String name) {
    return dir.resolve(name);
  }

  synchronized void save(String name, StoredApp app) {
    ObjectNode node = json.createObjectNode();
    node.set("definition", app.definition());
    node.put("host", app.host());
    app.ports().forEach(node.putArray("ports")::add);
    node.put("version", app.version());
    node.put("runs", app.runs());
    node.put("pid", app.pid());
    node.put("pidStarted", app.pidStarted());
    try {
      Path appDir = appDir(name);
      Files.createDirectories(appDir);
      Path tmp = appDir.resolve(FILE + ".tmp");
      Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
      Files.move(tmp, appDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store app " + name, e);
    }
  }

  /** Forgets the app: its definition and its sandboxes. */
  synchronized void delete(String name) {
    Path appDir = appDir(name);
    if (!Files.exists(appDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(appDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", appDir, e.getMessage());
    }
  }

  /** Every stored app; an unreadable file is logged and skipped. */
  synchronized List<StoredApp> loadAll() {
    List<StoredApp> apps = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return apps;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
      for (Path appDir : dirs) {
        load(appDir.resolve(FILE)).ifPresent(apps::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return apps;
  }

  private Optional<StoredApp> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(file.toFile());
      List<Integer> ports = new ArrayList<>();
      node.path("ports").forEach(p -> ports.add(p.asInt()));
      return Optional.of(new StoredApp((ObjectNode) node.get("definition"),
          node.path("host").asText(""), ports,
          node.path("version").asText(""), node.path("runs").asLong(0),
          node.path("pid").asLong(0), node.path("pidStarted").asText("")));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring unreadable app file {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }
}
