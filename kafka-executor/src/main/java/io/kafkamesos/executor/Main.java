package io.kafkamesos.executor;

import ch.qos.logback.classic.LoggerContext;
import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.executor.broker.BrokerSupervisor;
import io.kafkamesos.executor.broker.ProcessBrokerRunner;
import io.kafkamesos.executor.mesos.KafkaExecutor;
import io.kafkamesos.executor.mesos.Reconnection;
import io.kafkamesos.executor.observability.BrokerObservability;
import io.kafkamesos.executor.observability.SchedulerMessages;
import io.kafkamesos.executor.security.CertificateExchange;
import java.security.SecureRandom;
import io.kafkamesos.executor.observability.SyslogLogging;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * The executor's entry point, started by the Mesos agent in the task's sandbox as
 * {@code java -jar kafka-executor.jar}. Reads the agent's environment, subscribes, and runs the one
 * broker task the agent launches.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** A killed broker's time for a controlled shutdown when the kill names no grace period. */
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(60);
  /** How long the terminal update may wait for the agent's acknowledgement. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  /** How long to keep trying to reach the agent for the first subscription. */
  static final Duration STARTUP_LIMIT = Duration.ofMinutes(2);
  /** How long the exit hook lets a still-running broker shut down. */
  static final Duration EXIT_HOOK_GRACE = Duration.ofSeconds(20);
  /** The sandbox directory of a TLS node's key stores. */
  static final String TLS_DIR = "tls";

  private Main() {
  }

  /**
   * How long an RMI call (the broker's JMX agent) may take to answer. RMI waits forever by default,
   * and a broker JVM that hangs must not hang the health check or a stop waiting for its startup.
   */
  static final String RMI_RESPONSE_TIMEOUT_MS = "15000";

  public static void main(String[] args) {
    // Before any RMI class loads: the transport reads it once.
    System.setProperty("sun.rmi.transport.tcp.responseTimeout", RMI_RESPONSE_TIMEOUT_MS);
    ExecutorEnvironment env;
    ObservabilitySettings observability;
    try {
      env = ExecutorEnvironment.parse(System.getenv());
      observability = ObservabilitySettings.parse(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kafka-executor: " + e.getMessage());
      System.exit(2);
      return;
    }
    tagLog("framework", env.frameworkId());
    tagLog("broker", env.brokerIdFromExecutorId().orElse("?"));
    tagLog("task", env.taskIdFromExecutorId().orElse("-"));
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      observability.syslog().ifPresent(syslog -> SyslogLogging.install(context, syslog));
    }
    // how long the JVM took to get here: the start-up benchmark reads it (start-up cost matters
    // on every launch and relaunch of a broker). The JVM's own start time, to the millisecond: the
    // process' start instant is only as precise as the kernel's boot time (a second)
    long jvmMs = System.currentTimeMillis()
        - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    LOG.info("executor {} of framework {} starting {} ms after its JVM; agent {} ({}, {}), sandbox {},"
        + " checkpoint {}", env.executorId(), env.frameworkId(), jvmMs, env.agentUrl(),
        env.agentTls().describe(),
        env.credential().isPresent() ? "with its authentication token" : "without authentication",
        env.sandbox(), env.checkpoint());
    observability.syslog().ifPresent(s -> LOG.info("logging to syslog {}:{} ({})", s.host(),
        s.port(), s.facility()));
    run(env, observability, Clock.systemUTC());
  }

  private static void run(ExecutorEnvironment env, ObservabilitySettings observability,
      Clock clock) {
    List<BrokerSupervisor> brokers = new CopyOnWriteArrayList<>();
    // No broker outlives its executor, however the executor ends.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> brokers.forEach(b -> {
      if (b.isAlive()) {
        LOG.warn("executor exiting with the broker still running; stopping it");
        b.stop(EXIT_HOOK_GRACE);
      }
    }), "stop-broker-on-exit"));

    AtomicReference<MesosClient<Call, Event>> client = new AtomicReference<>();
    ProcessBrokerRunner runner = new ProcessBrokerRunner(env.sandbox(),
        ProcessBrokerRunner.currentJava(), clock,
        BrokerSupervisor.Settings.defaults(env.healthTimeout()), brokers::add,
        new BrokerObservability(observability, () -> env.taskIdFromExecutorId().orElse("-"),
            data -> client.get().send(
                SchedulerMessages.call(env.frameworkId(), env.executorId(), data)), clock));
    ScheduledExecutorService actions = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "executor-actions");
      t.setDaemon(true);
      return t;
    });
    Duration backoffMax = env.subscriptionBackoffMax().orElse(Duration.ofSeconds(2));
    Duration recoveryTimeout = env.recoveryTimeout().orElse(Duration.ZERO);
    KafkaExecutor executor = new KafkaExecutor(
        new KafkaExecutor.Settings(env.frameworkId(), env.executorId(), DEFAULT_KILL_GRACE,
            env.shutdownGracePeriod(), ACK_TIMEOUT),
        runner,
        call -> client.get().send(call),
        status -> {
          client.get().close();
          System.exit(status);
        },
        new KafkaExecutor.LogTags() {
          @Override
          public void framework(String name) {
            tagLog("framework", name);
          }

          @Override
          public void broker(String id) {
            tagLog("broker", id);
          }
        },
        new Reconnection(env.checkpoint(), recoveryTimeout, STARTUP_LIMIT, clock.instant()),
        actions,
        clock,
        new CertificateExchange(env.sandbox().resolve(TLS_DIR),
            data -> client.get().send(SchedulerMessages.call(env.frameworkId(), env.executorId(), data)),
            actions, CertificateExchange.RESEND, clock, new SecureRandom()));
    client.set(MesosClient.builder(env.agentUrl(), MesosApi.EXECUTOR)
        .subscribeCall(executor::subscribeCall)
        .listener(executor)
        .backoff(new Backoff(min(Duration.ofMillis(250), backoffMax), backoffMax, 2.0, 0.5))
        .credential(env.credential().orElse(null))
        .sslContext(env.agentTls().context().orElse(null))
        .clock(clock)
        .name("executor")
        .build());
    executor.start();
    client.get().start();
    // Every thread of the client and the executor is a daemon: the JVM lives until exit() ends it.
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Puts a value into every log line from now on (the logback pattern reads the property). */
  private static void tagLog(String property, String value) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.putProperty(property, value);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
