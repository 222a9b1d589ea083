package io.kafkamesos.executor.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node again on another JMX port when its JVM could not bind the one it was given.
 *
 * <p>The executor picks the node's loopback JMX port from the ephemeral range just before the JVM
 * starts, and the JVM binds it half a second later; on a busy agent an outgoing connection of any
 * process may take that port in between, and the JVM exits at once ("Port already in use"), before
 * Kafka did anything. That is no failure of the node: it is started again, at most
 * {@link #ATTEMPTS} times in all, each on a newly picked port, and only the last failure is told.
 * Any other failure is told as it comes.
 */
final class JmxPortRetry implements RunningBroker {

  private static final Logger LOG = LoggerFactory.getLogger(JmxPortRetry.class);
  static final int ATTEMPTS = 3;

  /** One start of the node, with a newly prepared launch. */
  interface Launcher {
    Attempt start(BrokerSupervisor.Listener listener) throws IOException;
  }

  /**
   * A started node.
   *
   * @param jmxPort the JMX port its JVM was told to bind
   * @param log where its JVM's output goes
   */
  record Attempt(String name, RunningBroker broker, int jmxPort, Path log) {
    Attempt {
      Objects.requireNonNull(name);
      Objects.requireNonNull(broker);
      Objects.requireNonNull(log);
    }
  }

  private final Launcher launcher;
  private final BrokerSupervisor.Listener listener;
  private Attempt current;
  private int attempts;
  private boolean stopped;

  private JmxPortRetry(Launcher launcher, BrokerSupervisor.Listener listener) {
    this.launcher = Objects.requireNonNull(launcher);
    this.listener = Objects.requireNonNull(listener);
  }

  /** Starts the node's first attempt. */
  static JmxPortRetry start(Launcher launcher, BrokerSupervisor.Listener listener) throws IOException {
    JmxPortRetry retry = new JmxPortRetry(launcher, listener);
    retry.launch();
    return retry;
  }

  /** How many times the node's JVM was started so far. */
  synchronized int attempts() {
    return attempts;
  }

  private synchronized void launch() throws IOException {
    if (stopped) {
      return;
    }
    attempts++;
    int attempt = attempts;
    current = launcher.start(new BrokerSupervisor.Listener() {
      @Override
      public void healthy() {
        listener.healthy();
      }

      @Override
      public void failed(String message) {
        retryOrTell(attempt, message);
      }
    });
  }

  private void retryOrTell(int attempt, String message) {
    Attempt failed;
    synchronized (this) {
      failed = current;
      if (stopped) {
        return;
      }
    }
    if (attempt < ATTEMPTS && portTaken(failed)) {
      LOG.warn("{}: its JVM could not bind its JMX port 127.0.0.1:{}, taken by another process "
          + "since it was picked; starting it again on another port (attempt {} of {})",
          failed.name(), failed.jmxPort(), attempt + 1, ATTEMPTS);
      try {
        launch();
        return;
      } catch (IOException e) {
        listener.failed(failed.name() + ": could not be started again after its JMX port was taken: "
            + e.getMessage());
        return;
      }
    }
    listener.failed(message);
  }

  /** Whether the JVM said the JMX port was in use (it prints that line, and exits, at once). */
  static boolean portTaken(Attempt attempt) {
    String wanted = "Port already in use: " + attempt.jmxPort();
    return LogTail.of(attempt.log(), 200).stream().anyMatch(line -> line.contains(wanted));
  }

  @Override
  public BrokerSupervisor.StopResult stop(Duration grace) {
    Attempt last;
    synchronized (this) {
      stopped = true;
      last = current;
    }
    // outside the lock: a failure told meanwhile waits for it in retryOrTell
    return last.broker().stop(grace);
  }
}
