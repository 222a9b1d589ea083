package io.kafkamesos.local.agent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * <b>Benchmark only, not Mesos behaviour</b> ({@code MesosLocalConfig.withInProcessStandInExecutors}):
 * instead of fetching a custom executor's URIs and starting its command as a child process, the
 * agent runs an {@link StandInExecutor} in mesos-local's own JVM, so that a thousand agents can
 * each run an "executor" on one machine. The stand-in is given the environment a process would
 * get and speaks the real v1 executor HTTP API to its agent (SUBSCRIBE stream, UPDATE calls), so
 * that the agent, the master and the framework see a task go STARTING and RUNNING, killed and
 * shut down, as with a real executor; it runs nothing of the task itself.
 *
 * <p>One HTTP client (one selector thread, asynchronous streams) and one timer serve every
 * stand-in of a mesos-local.
 */
public final class StandInExecutors implements AutoCloseable {

  /** How long a stand-in that ended its tasks waits for their acknowledgements before exiting. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mesos-local-stand-in-executors");
    t.setDaemon(true);
    return t;
  });

  /** Starts a stand-in with the environment an executor process would get; it subscribes at once. */
  StandInExecutor start(Map<String, String> environment) {
    StandInExecutor executor = new StandInExecutor(environment, http, timer, ACK_TIMEOUT);
    executor.subscribe();
    return executor;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
