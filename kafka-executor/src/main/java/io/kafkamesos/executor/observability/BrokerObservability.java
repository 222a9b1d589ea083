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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kafkamesos.commons.observability.StatsdSender;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * What logs and metrics need from the broker's launch: with syslog, a log4j configuration in the
 * sandbox that adds a syslog appender; with statsd, a JMX agent on a free loopback port and a timer
 * that sends the broker's metrics. Without either it changes nothing.
 */
public final class BrokerObservability implements LaunchHook {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerObservability.class);

  private final ObservabilitySettings settings;
  private final Supplier<String> taskId;
  private ScheduledExecutorService timer;

  /** @param taskId the task the broker runs as (for its log lines) */
  public BrokerObservability(ObservabilitySettings settings, Supplier<String> taskId) {
    this.settings = Objects.requireNonNull(settings);
    this.taskId = Objects.requireNonNull(taskId);
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
    if (settings.statsd().isPresent()) {
      // The workspace normally starts the broker with JMX already (for the health check).
      if (out.jmxPort().isEmpty()) {
        out = out.withJmx(freeLoopbackPort());
      }
      startReporter(spec, settings.statsd().get(), out.jmxPort().getAsInt());
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

  private void startReporter(BrokerTaskSpec spec, ObservabilitySettings.Statsd statsd, int port)
      throws IOException {
    if (timer != null) {
      timer.shutdownNow(); // one broker per executor; a second launch replaces the first
    }
    StatsdSender sender = new StatsdSender(statsd.host(), statsd.port());
    BrokerMetricsReporter reporter = new BrokerMetricsReporter(JmxBrokerMetrics.loopback(port),
        sender, statsd.prefix(), spec.frameworkName(), spec.brokerId());
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "broker-metrics");
      t.setDaemon(true);
      return t;
    });
    long period = statsd.interval().toMillis();
    timer.scheduleAtFixedRate(reporter, period, period, TimeUnit.MILLISECONDS);
    LOG.info("broker {}: JMX on 127.0.0.1:{}; metrics to statsd {}:{} every {} s", spec.brokerId(),
        port, statsd.host(), statsd.port(), statsd.interval().toSeconds());
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
