package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts real broker JVMs in a sandbox, each watched by a {@link BrokerSupervisor} with a
 * ZooKeeper health probe and a JMX startup probe.
 */
public final class ProcessBrokerRunner implements BrokerRunner {

  private final Path sandbox;
  private final Path java;
  private final Clock clock;
  private final BrokerSupervisor.Settings settings;
  private final Consumer<BrokerSupervisor> started;
  private final LaunchHook hook;

  /**
   * @param java the {@code java} binary the broker runs on
   * @param started told of each supervisor once its broker runs (the executor's exit hook uses it)
   */
  public ProcessBrokerRunner(Path sandbox, Path java, Clock clock,
      BrokerSupervisor.Settings settings, Consumer<BrokerSupervisor> started) {
    this(sandbox, java, clock, settings, started, LaunchHook.NONE);
  }

  /** @param hook adjusts each launch before the broker starts (logs, metrics) */
  public ProcessBrokerRunner(Path sandbox, Path java, Clock clock,
      BrokerSupervisor.Settings settings, Consumer<BrokerSupervisor> started, LaunchHook hook) {
    this.hook = Objects.requireNonNull(hook);
    this.sandbox = Objects.requireNonNull(sandbox);
    this.java = Objects.requireNonNull(java);
    this.clock = Objects.requireNonNull(clock);
    this.settings = Objects.requireNonNull(settings);
    this.started = Objects.requireNonNull(started);
  }

  /** The {@code java} binary this JVM runs on, so the broker runs on the same one. */
  public static Path currentJava() {
    return ProcessHandle.current().info().command()
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  @Override
  public RunningBroker start(BrokerTaskSpec spec, BrokerSupervisor.Listener listener)
      throws IOException {
    // Each attempt prepares the sandbox again, with a newly picked JMX port.
    return JmxPortRetry.start(attemptListener -> {
      BrokerLaunch launch = hook.prepare(spec, BrokerWorkspace.prepare(spec, sandbox, java));
      HealthProbe probe = probe(spec, launch);
      // Before the process starts, so that only this node's "started" line counts.
      StartupProbe startup = spec.isKraft() ? JmxStartupProbe.kraft(launch, spec.kind().broker())
          : JmxStartupProbe.of(launch);
      BrokerSupervisor supervisor =
          new BrokerSupervisor(launch, probe, startup, attemptListener, clock, settings);
      // Known to the exit hook before the process exists, so that no broker outlives the executor.
      started.accept(supervisor);
      supervisor.start();
      return new JmxPortRetry.Attempt(launch.name(), supervisor, launch.jmxPort().orElse(-1),
          launch.logFile());
    }, listener);
  }

  /**
   * The port a ZooKeeper-mode broker's health is probed on: its recorded port when one of its
   * {@code listeners} is there (a plaintext broker's only listener, a switched broker's PLAINTEXT,
   * a TLS broker's CLIENT), else its first listener's: a switched broker whose PLAINTEXT listener
   * was removed keeps its recorded port but listens on its TLS ports only.
   */
  public static int listenedPort(BrokerTaskSpec spec) {
    String listeners = spec.overrides().getOrDefault("listeners", "");
    Integer first = null;
    for (String listener : listeners.split(",")) {
      int colon = listener.trim().lastIndexOf(':');
      if (colon < 0 || !listener.contains("://")) {
        continue;
      }
      try {
        int port = Integer.parseInt(listener.trim().substring(colon + 1));
        if (port == spec.port()) {
          return port;
        }
        if (first == null) {
          first = port;
        }
      } catch (NumberFormatException e) {
        // not a listener with a port: Kafka refuses it at start, which the supervisor reports
      }
    }
    return first == null ? spec.port() : first;
  }

  /**
   * How to tell the node is up: a ZooKeeper-mode broker by its registration in ZooKeeper, a KRaft
   * broker (and a combined node) by its registration with the controllers, a controller by its
   * place in the quorum.
   */
  static HealthProbe probe(BrokerTaskSpec spec, BrokerLaunch launch) {
    if (!spec.isKraft()) {
      return new ZooKeeperHealthProbe(spec.zookeeperConnect(), spec.brokerId(), spec.advertisedHost(),
          listenedPort(spec));
    }
    if (spec.kind().broker()) {
      return new KraftBrokerProbe(spec.describe(), spec.brokerId(), spec.advertisedHost(), spec.port(),
          ProbeClient.of(spec.overrides(), spec.advertisedHost(), spec.port()));
    }
    return new KraftControllerProbe(spec.describe(), launch.jmxPort(), spec.advertisedHost(),
        spec.port(), spec.kraft().format() == io.kafkamesos.commons.node.KraftSpec.Format.JOIN);
  }
}
