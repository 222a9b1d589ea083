package io.kafkamesos.local.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.kafkamesos.local.MesosLocal;
import io.kafkamesos.local.MesosLocalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mesos-local for a test class, with the frameworks its tests start. Closing it tears the
 * frameworks down, closes mesos-local, and as a last resort kills any test executor that reported
 * its pid and still runs, so that no test leaves a process behind.
 */
public final class LocalCluster
    implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private volatile MesosLocal mesos;
  private final UnaryOperator<MesosLocalConfig> perClassConfig;
  private Path perClassWorkDir;
  private final List<TestFramework> frameworks = new CopyOnWriteArrayList<>();
  private final Set<Long> pids = ConcurrentHashMap.newKeySet();

  private LocalCluster(MesosLocal mesos, UnaryOperator<MesosLocalConfig> perClassConfig) {
    this.mesos = mesos;
    this.perClassConfig = perClassConfig;
  }

  public static LocalCluster start(MesosLocalConfig config) throws Exception {
    return new LocalCluster(MesosLocal.start(config), null);
  }

  /**
   * One mesos-local for a test class, as a JUnit extension ({@code @RegisterExtension static}):
   * started before the class's tests in a temporary work dir, with every framework torn down after
   * each test, and closed (its work dir deleted) after the class.
   */
  public static LocalCluster perClass(UnaryOperator<MesosLocalConfig> config) {
    return new LocalCluster(null, config);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClassWorkDir = Files.createTempDirectory("mesos-local-it-");
    mesos = MesosLocal.start(perClassConfig.apply(MesosLocalConfig.defaults(perClassWorkDir)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    teardownFrameworks();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
    try (Stream<Path> paths = Files.walk(perClassWorkDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  public MesosLocal mesos() {
    return mesos;
  }

  /** Replaces the running mesos-local (after a restart); the old one must be stopped already. */
  public void replace(MesosLocal restarted) {
    this.mesos = restarted;
  }

  public String masterUrl() {
    return mesos.masterUrl();
  }

  public MasterState state() {
    return MasterState.fetch(masterUrl());
  }

  /** Starts a framework with test defaults, adjusted by the customizer; waits for SUBSCRIBED. */
  public TestFramework framework(String name, UnaryOperator<TestFrameworkBuilder> customizer) {
    TestFramework framework = customizer.apply(TestFramework.builder(masterUrl()).name(name))
        .start();
    frameworks.add(framework);
    framework.awaitSubscribed(TIMEOUT);
    return framework;
  }

  public TestFramework framework(String name) {
    return framework(name, b -> b);
  }

  /** Starts a framework without waiting for SUBSCRIBED (for subscriptions expected to fail). */
  public TestFramework frameworkNoWait(String name, UnaryOperator<TestFrameworkBuilder> customizer) {
    TestFramework framework = customizer.apply(TestFramework.builder(masterUrl()).name(name))
        .start();
    frameworks.add(framework);
    return framework;
  }

  /** Starts again every agent a test stopped (and left stopped if it failed), for the next test. */
  public void startStoppedAgents() {
    for (String host : mesos.agentHostnames()) {
      try {
        mesos.startAgent(host);
      } catch (IllegalStateException running) {
        // it runs: nothing to do
      }
    }
  }

  /**
   * Tears down every framework started so far and waits (best effort) until their tasks are gone,
   * so that the next test of the class finds the agents' resources free.
   */
  public void teardownFrameworks() {
    for (TestFramework f : frameworks) {
      pids.addAll(f.executorPids());
      f.teardownQuietly();
    }
    frameworks.clear();
    try {
      Poll.until("no active framework", Duration.ofSeconds(20),
          () -> state().frameworks().stream().allMatch(f -> f.getAsJsonArray("tasks") == null
              || f.getAsJsonArray("tasks").isEmpty()));
    } catch (AssertionError | RuntimeException e) {
      LOG.warn("frameworks did not go away after teardown: {}", e.getMessage());
    }
    killLeftovers(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    for (TestFramework f : frameworks) {
      pids.addAll(f.executorPids());
      f.teardownQuietly();
    }
    frameworks.clear();
    try {
      if (mesos != null) {
        mesos.close();
      }
    } catch (Exception e) {
      LOG.warn("closing mesos-local failed", e);
    } finally {
      killLeftovers(Duration.ofSeconds(15));
    }
  }

  /** Remembers pids to kill at the end whatever happens. */
  public void track(Set<Long> executorPids) {
    pids.addAll(executorPids);
  }

  private void killLeftovers(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    for (Long pid : pids) {
      ProcessHandle.of(pid).ifPresent(p -> {
        while (p.isAlive() && System.nanoTime() < deadline) {
          Poll.sleep(100);
        }
        if (p.isAlive() && isTestExecutor(p)) {
          LOG.warn("test executor {} outlived mesos-local; killing it", pid);
          p.destroyForcibly();
        }
      });
    }
  }

  private static boolean isTestExecutor(ProcessHandle p) {
    return p.info().commandLine().map(c -> c.contains(TestExecutor.class.getName())).orElse(true);
  }

  public static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** A free local port, for configurations that must keep their ports across a restart. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
