package io.kafkamesos.it.plan;

import io.kafkamesos.it.Json;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls {@code /v1/connection} (the brokers registered in Kafka's ZooKeeper) a few times a second and
 * keeps the fewest seen, to show that a roll never has two brokers down at once.
 */
final class DownWatch implements AutoCloseable {

  private final String apiUrl;
  private final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicInteger samples = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private DownWatch(String apiUrl) {
    this.apiUrl = apiUrl;
    thread = new Thread(this::run, "down-watch");
    thread.setDaemon(true);
  }

  static DownWatch start(String apiUrl) {
    DownWatch w = new DownWatch(apiUrl);
    w.thread.start();
    return w;
  }

  private void run() {
    while (running.get()) {
      try {
        Json.Answer answer = Json.get(apiUrl + "/v1/connection");
        if (answer.status() == 200) {
          fewest.accumulateAndGet(answer.body().path("brokers").size(), Math::min);
          samples.incrementAndGet();
        }
      } catch (RuntimeException e) {
        // the scheduler restarts with its new environment: no answer for a while
      }
      try {
        Thread.sleep(200); // the poll interval
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The fewest registered brokers seen. */
  int fewestRegistered() {
    if (samples.get() == 0) {
      throw new AssertionError("the watch never got an answer from " + apiUrl);
    }
    return fewest.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.interrupt();
    thread.join(10_000);
  }
}
