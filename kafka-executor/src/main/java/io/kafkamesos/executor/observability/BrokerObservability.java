package io.kafkamesos.executor.observability;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.executor.broker.BrokerLaunch;
import io.kafkamesos.executor.broker.LaunchHook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kafkamesos.commons.observability.StatsdSender;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * What logs and metrics need from the broker's launch: with syslog, a log4j configuration in the
 * sandbox that adds a syslog appender; with statsd, a JMX agent on a free loopback port and a timer
 * that sends the broker's metrics. Whenever the broker has a JMX agent (the executor always starts
 * it with one), a timer reports its metrics to the scheduler over Mesos every
 * {@link #SCHEDULER_INTERVAL}, for the scheduler's Prometheus endpoint. Without a JMX agent, syslog
 * or statsd it changes nothing.
 */
public final class BrokerObservability implements LaunchHook {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerObservability.class);
  /** How often the broker's metrics go to the scheduler (its Prometheus endpoint). */
  public static final Duration SCHEDULER_INTERVAL = Duration.ofSeconds(5);

  private final ObservabilitySettings settings;
  private final Supplier<String> taskId;
  private final Consumer<byte[]> toScheduler;
  private final Clock clock;
  private ScheduledExecutorService timer;

  /** No reports to the scheduler: for tests of the launch itself. */
  public BrokerObservability(ObservabilitySettings settings, Supplier<String> taskId) {
    this(settings, taskId, null, Clock.systemUTC());
  }

  /**
   * @param taskId the task the broker runs as (for its log lines)
   * @param toScheduler sends the data of a Mesos {@code MESSAGE} call to the scheduler; null for
   *     none
   */
  public BrokerObservability(ObservabilitySettings settings, Supplier<String> taskId,
      Consumer<byte[]> toScheduler, Clock clock) {
    this.settings = Objects.requireNonNull(settings);
    this.taskId = Objects.requireNonNull(taskId);
    this.toScheduler = toScheduler;
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public synchronized BrokerLaunch prepare(BrokerTaskSpec spec, BrokerLaunch launch)
      throws IOException {
    BrokerLaunch out = launch;
    if (settings.syslog().isPresent()) {
      java.util.Optional<Path> log4j = log4jConfigOf(out.command());
      if (log4j.isPresent()) {
        out = out.withCommand(withLog4j(out.command(),
            writeLog4j(spec, log4j.get(), out.workDir(), settings.syslog().get())));
      } else {
        // Kafka 4 logs with log4j 2, whose syslog appender is not wired here yet
        LOG.warn("broker {}: its log does not go to syslog: it does not log with log4j 1",
            spec.brokerId());
      }
    }
    if (settings.statsd().isPresent() && out.jmxPort().isEmpty()) {
      // The workspace normally starts the broker with JMX already (for the health check).
      out = out.withJmx(freeLoopbackPort());
    }
    if (out.jmxPort().isPresent()) {
      startReporters(spec, out.jmxPort().getAsInt());
    }
    return out;
  }

  /** The log4j 1 configuration a broker command line names ({@code -Dlog4j.configuration=file:...}). */
  static java.util.Optional<Path> log4jConfigOf(List<String> command) {
    return command.stream().filter(arg -> arg.startsWith("-Dlog4j.configuration=file:"))
        .map(arg -> Path.of(arg.substring("-Dlog4j.configuration=file:".length())))
        .findFirst();
  }

  private Path writeLog4j(BrokerTaskSpec spec, Path base, Path sandbox,
      ObservabilitySettings.Syslog syslog) throws IOException {
    String text = Files.exists(base) ? Files.readString(base, StandardCharsets.UTF_8)
        : "log4j.rootLogger=INFO";
    Path file = sandbox.resolve(BrokerLog4j.FILE_NAME).toAbsolutePath();
    Files.writeString(file, BrokerLog4j.render(text, syslog, spec.frameworkName(), spec.brokerId(),
        taskId.get()), StandardCharsets.UTF_8);
    LOG.info("broker {}: its log also goes to syslog {}:{} ({})", spec.brokerId(), syslog.host(),
        syslog.port(), file);
    return file;
  }

  /** Points {@code -Dlog4j.configuration} at the file. */
  static List<String> withLog4j(List<String> command, Path file) {
    List<String> out = new ArrayList<>();
    for (String arg : command) {
      out.add(arg.startsWith("-Dlog4j.configuration=") ? "-Dlog4j.configuration=file:" + file : arg);
    }
    return out;
  }

  /** Adds a JMX agent on loopback before the class path (see {@link BrokerLaunch#jmxCommand}). */
  static List<String> withJmx(List<String> command, int port) {
    return BrokerLaunch.jmxCommand(command, port);
  }

  private void startReporters(BrokerTaskSpec spec, int port) throws IOException {
    if (timer != null) {
      timer.shutdownNow(); // one broker per executor; a second launch replaces the first
    }
    if (settings.statsd().isEmpty() && toScheduler == null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "broker-metrics");
      t.setDaemon(true);
      return t;
    });
    if (toScheduler != null) {
      long every = SCHEDULER_INTERVAL.toMillis();
      timer.scheduleAtFixedRate(new SchedulerMetricsReporter(JmxBrokerMetrics.loopback(port),
          toScheduler, spec.brokerId(), taskId, clock), every, every, TimeUnit.MILLISECONDS);
      LOG.info("broker {}: JMX on 127.0.0.1:{}; metrics to the scheduler every {} s", spec.brokerId(),
          port, SCHEDULER_INTERVAL.toSeconds());
    }
    if (settings.statsd().isPresent()) {
      ObservabilitySettings.Statsd statsd = settings.statsd().get();
      StatsdSender sender = new StatsdSender(statsd.host(), statsd.port());
      BrokerMetricsReporter reporter = new BrokerMetricsReporter(JmxBrokerMetrics.loopback(port),
          sender, statsd.prefix(), spec.frameworkName(), spec.brokerId());
      long period = statsd.interval().toMillis();
      timer.scheduleAtFixedRate(reporter, period, period, TimeUnit.MILLISECONDS);
      LOG.info("broker {}: JMX on 127.0.0.1:{}; metrics to statsd {}:{} every {} s", spec.brokerId(),
          port, statsd.host(), statsd.port(), statsd.interval().toSeconds());
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
