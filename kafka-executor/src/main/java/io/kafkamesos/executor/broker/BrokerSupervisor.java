package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one broker JVM and watches it: polls until the broker is healthy (registered, listening and
 * finished starting), notices when it exits, and stops it with a controlled shutdown (SIGTERM, a
 * grace period, then SIGKILL). A broker still starting when it is asked to stop gets the grace
 * period to finish starting first, because Kafka halts on a SIGTERM during startup.
 *
 * <p>The {@link Listener} hears at most one of "healthy then failed", "healthy", "failed"; a broker
 * that {@link #stop stops} because it was asked to is never reported as failed.
 */
public final class BrokerSupervisor implements RunningBroker {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerSupervisor.class);
  /** How long a broker that gave up starting has to exit by itself before it is killed. */
  static final Duration GAVE_UP_GRACE = Duration.ofSeconds(10);

  /** Hears how the broker fares, on the supervisor's thread. */
  public interface Listener {
    /**
     * The broker registered in ZooKeeper, its port answers and it has finished starting. Called at
     * most once.
     */
    void healthy();

    /**
     * The broker exited without being asked to, or was not healthy in time (then it has been stopped
     * already). Called at most once, and never after {@link #stop}.
     *
     * @param message what happened, with the exit code and the tail of the broker's log
     */
    void failed(String message);
  }

  /**
   * @param healthTimeout how long the broker may take to become healthy
   * @param pollInterval how often to look at it meanwhile
   * @param timeoutStopGrace how long a broker that timed out gets to shut down before SIGKILL
   * @param tailLines how many lines of the broker's log a failure message carries
   */
  public record Settings(
      Duration healthTimeout, Duration pollInterval, Duration timeoutStopGrace, int tailLines) {

    public Settings {
      Objects.requireNonNull(healthTimeout);
      Objects.requireNonNull(pollInterval);
      Objects.requireNonNull(timeoutStopGrace);
    }

    /**
     * Polls every 200 ms: TASK_RUNNING goes out at most that long after the broker is ready
     * (issue 16), and each poll is cheap (a ZooKeeper exists, a connect, one JMX attribute).
     */
    public static Settings defaults(Duration healthTimeout) {
      return new Settings(healthTimeout, Duration.ofMillis(200), Duration.ofSeconds(30), 20);
    }
  }

  /** How a stop ended: the exit code, and whether SIGKILL was needed. */
  public record StopResult(int exitCode, boolean forced) {

    /**
     * Whether Kafka shut down in a controlled way: without SIGKILL, and with the exit code its JVM
     * gives after a SIGTERM (143) or after ending on its own (0). Kafka halts with 1 when it cannot
     * shut down, e.g. when it is still starting.
     */
    public boolean controlled() {
      return !forced && (exitCode == 0 || exitCode == 143);
    }
  }

  private final BrokerLaunch launch;
  private final HealthProbe probe;
  private final StartupProbe startupProbe;
  private final Listener listener;
  private final Clock clock;
  private final Settings settings;

  private volatile Process process;
  private volatile boolean stopping;
  /** Set once the broker was seen healthy: it has finished starting, a SIGTERM is safe. */
  private volatile boolean healthy;
  private Instant startedAt;

  /**
   * @param probe looks at the broker's registration and port
   * @param startupProbe tells whether the broker has finished starting; create it before the
   *     broker starts ({@link JmxStartupProbe#of})
   */
  public BrokerSupervisor(BrokerLaunch launch, HealthProbe probe, StartupProbe startupProbe,
      Listener listener, Clock clock, Settings settings) {
    this.launch = Objects.requireNonNull(launch);
    this.probe = Objects.requireNonNull(probe);
    this.startupProbe = Objects.requireNonNull(startupProbe);
    this.listener = Objects.requireNonNull(listener);
    this.clock = Objects.requireNonNull(clock);
    this.settings = Objects.requireNonNull(settings);
  }

  /**
   * Starts the broker and the thread that watches it.
   *
   * @throws IOException when the process cannot be started
   * @throws IllegalStateException when called twice
   */
  /** The variable that holds the executor's token to its agent, never passed on to the broker. */
  static final String EXECUTOR_TOKEN = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";

  public synchronized void start() throws IOException {
    if (process != null) {
      throw new IllegalStateException(launch.name() + " was started already");
    }
    if (stopping) {
      throw new IOException(launch.name() + " was stopped before it started");
    }
    LOG.info("{}: starting: {}", launch.name(), String.join(" ", launch.command()));
    ProcessBuilder builder = new ProcessBuilder(launch.command())
        .directory(launch.workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(launch.logFile().toFile()));
    // the executor's credential to its agent is the executor's alone (Mesos erases it from what
    // a task sees, too): the broker never needs it, and a heap dump or /proc of the broker must
    // not give it away
    builder.environment().remove(EXECUTOR_TOKEN);
    process = builder.start();
    startedAt = clock.instant();
    LOG.info("{}: pid {}, output in {}", launch.name(), process.pid(), launch.logFile());
    Thread watcher = new Thread(this::watch,
        launch.kind().prefix() + "-" + launch.brokerId() + "-supervisor");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The broker process's id, once started. */
  public OptionalLong pid() {
    Process p = process;
    return p == null ? OptionalLong.empty() : OptionalLong.of(p.pid());
  }

  /** Whether the broker process is running. */
  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /**
   * Stops the broker: SIGTERM, which makes Kafka shut down in a controlled way (handing its
   * partition leadership to others), then SIGKILL if it is still running after {@code grace}. A
   * broker that is still starting is first given time to finish (a SIGTERM during startup makes
   * Kafka halt with exit code 1); {@code grace} bounds the wait and the shutdown together, and a
   * broker still starting when it runs out is killed (SIGKILL). Blocks until the process is gone.
   * Safe to call more than once, and before {@link #start}.
   *
   * @return how it ended; exit code -1 when it never ran
   */
  @Override
  public StopResult stop(Duration grace) {
    Process p;
    synchronized (this) {
      // Under the lock so that a concurrent start() either finishes first or does not start.
      stopping = true;
      p = process;
    }
    if (p == null) {
      return new StopResult(-1, false);
    }
    try {
      Instant askedAt = clock.instant();
      if (!healthy && !awaitStartup(p, askedAt, grace)) {
        return kill(p, "still starting after " + grace.toSeconds() + " s");
      }
      Duration left = grace.minus(Duration.between(askedAt, clock.instant()));
      return terminate(p, left.isNegative() ? Duration.ZERO : left);
    } finally {
      startupProbe.close();
    }
  }

  /**
   * Waits, within the grace period, until a SIGTERM is safe (or the process is gone).
   *
   * @return false when the grace period ran out with the broker still starting
   */
  private boolean awaitStartup(Process p, Instant askedAt, Duration grace) {
    String id = launch.name();
    boolean announced = false;
    try {
      while (p.isAlive()) {
        StopStep step = StopStep.next(startupProbe.startup(), askedAt, clock.instant(), grace);
        switch (step) {
          case TERMINATE -> {
            return true;
          }
          case KILL -> {
            return false;
          }
          default -> {
            if (!announced) {
              announced = true;
              LOG.info("{}: still starting; waiting up to {} s for it to finish, so that it "
                  + "can shut down in a controlled way", id, grace.toSeconds());
            }
            long leftMs = grace.minus(Duration.between(askedAt, clock.instant())).toMillis();
            p.waitFor(Math.max(1, Math.min(settings.pollInterval().toMillis(), leftMs)),
                TimeUnit.MILLISECONDS);
          }
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private StopResult kill(Process p, String why) {
    LOG.warn("{}: {}; killing it (SIGKILL)", launch.name(), why);
    p.destroyForcibly();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int code = p.isAlive() ? -1 : p.exitValue();
    LOG.info("{}: stopped, {}", launch.name(), describeExit(code));
    return new StopResult(code, true);
  }

  private StopResult terminate(Process p, Duration grace) {
    String id = launch.name();
    if (p.isAlive()) {
      LOG.info("{}: stopping (SIGTERM, up to {} s for a controlled shutdown)",
          id, grace.toSeconds());
      p.destroy();
    }
    boolean forced = false;
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: still running after {} s; killing it (SIGKILL)",
            id, grace.toSeconds());
        p.destroyForcibly();
        forced = true;
        p.waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      forced = true;
    }
    int code = p.isAlive() ? -1 : p.exitValue();
    LOG.info("{}: stopped, {}", id, describeExit(code));
    return new StopResult(code, forced);
  }

  private void watch() {
    String id = launch.name();
    Process p = process;
    try {
      while (true) {
        boolean exited = p.waitFor(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (stopping) {
          return;
        }
        if (exited) {
          report(failureMessage(id, exitBeforeHealthy(p.exitValue()), tail()));
          return;
        }
        if (healthy) {
          continue;
        }
        HealthVerdict verdict = HealthVerdict.judge(OptionalInt.empty(),
            probe.registered(), probe.portAnswers(), startupProbe.startup(), startedAt,
            clock.instant(), settings.healthTimeout());
        switch (verdict) {
          case HEALTHY -> {
            healthy = true;
            probe.close();
            startupProbe.close();
            LOG.info("{}: {}; healthy", id, probe.healthy());
            if (!stopping) {
              listener.healthy();
            }
          }
          case GAVE_UP -> {
            // normally Kafka exits right after; Kafka 2.4 may hang in that shutdown instead
            LOG.warn("{}: shutting down before it finished starting (a fatal error in its "
                + "startup, see its log); {} s to exit", id, GAVE_UP_GRACE.toSeconds());
            StopResult result = p.waitFor(GAVE_UP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                ? new StopResult(p.exitValue(), false)
                : kill(p, "it did not exit after giving up starting");
            String cause = LogTail.fatalStartupError(launch.logFile()).map(e -> ": " + e).orElse("");
            report(failureMessage(id, "gave up starting" + cause + " ("
                + describeExit(result.exitCode()) + ")", tail()));
            return;
          }
          case TIMED_OUT -> {
            String what = "was not " + probe.unhealthy() + " within "
                + settings.healthTimeout().toSeconds() + " s";
            LOG.warn("{}: {}; stopping it", id, what);
            StopResult result = terminate(p, settings.timeoutStopGrace());
            report(failureMessage(id, what + " (then stopped, " + describeExit(result.exitCode())
                + ")", tail()));
            return;
          }
          default -> {
            // not yet: look again after the next poll interval
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("{}: supervision failed", id, e);
      report(id + ": supervision failed: " + e);
    } finally {
      probe.close();
      startupProbe.close();
    }
  }

  private void report(String message) {
    if (stopping) {
      return;
    }
    LOG.warn("{}", message);
    listener.failed(message);
  }

  /**
   * How an exit reads. A broker that was never healthy and logged a fatal startup error gave up
   * starting, whether or not a poll saw it shutting down before it was gone (a fast exit on a busy
   * machine often beats the next poll).
   */
  private String exitBeforeHealthy(int code) {
    if (healthy) {
      return describeExit(code);
    }
    return LogTail.fatalStartupError(launch.logFile())
        .map(cause -> "gave up starting: " + cause + " (" + describeExit(code) + ")")
        .orElse(describeExit(code));
  }

  private List<String> tail() {
    return LogTail.of(launch.logFile(), settings.tailLines());
  }

  /** A failure message: what happened, then the last lines of the broker's log. */
  static String failureMessage(int brokerId, String what, List<String> tail) {
    return failureMessage("broker " + brokerId, what, tail);
  }

  /** A failure message: what happened to {@code node}, then the last lines of its log. */
  static String failureMessage(String node, String what, List<String> tail) {
    StringBuilder out = new StringBuilder(node).append(' ').append(what);
    if (tail.isEmpty()) {
      out.append("; its log is empty");
    } else {
      out.append("; last ").append(tail.size()).append(" lines of its log:");
      tail.forEach(line -> out.append('\n').append(line));
    }
    return out.toString();
  }

  /** An exit code in words; codes above 128 are how the JVM reports "ended by a signal". */
  static String describeExit(int code) {
    if (code > 128 && code < 160) {
      return "exited with code " + code + " (ended by signal " + (code - 128) + ")";
    }
    return "exited with code " + code;
  }
}
