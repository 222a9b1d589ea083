package io.kafkamesos.executor.mesos;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * The executor's half of Mesos' reliable status updates: the tasks and updates the agent has not
 * acknowledged yet, which a re-subscription after an agent restart must carry so that the agent
 * keeps the task and forwards the updates. Thread-safe.
 */
public final class StatusUpdates {

  private final Map<TaskID, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();
  private final Map<ByteString, Call.Update> unacknowledgedUpdates = new LinkedHashMap<>();

  /** A task arrived; it stays unacknowledged until the agent acknowledges one of its updates. */
  public synchronized void launched(TaskInfo task) {
    unacknowledgedTasks.put(task.getTaskId(), task);
  }

  /** An update is on its way to the agent. */
  public synchronized void sent(Call.Update update) {
    unacknowledgedUpdates.put(update.getStatus().getUuid(), update);
  }

  /**
   * The agent acknowledged an update.
   *
   * @return whether it was one this executor was waiting for
   */
  public synchronized boolean acknowledged(TaskID taskId, ByteString uuid) {
    unacknowledgedTasks.remove(taskId);
    boolean known = unacknowledgedUpdates.remove(uuid) != null;
    notifyAll();
    return known;
  }

  public synchronized List<TaskInfo> unacknowledgedTasks() {
    return List.copyOf(unacknowledgedTasks.values());
  }

  public synchronized List<Call.Update> unacknowledgedUpdates() {
    return List.copyOf(new ArrayList<>(unacknowledgedUpdates.values()));
  }

  public synchronized boolean isAcknowledged(ByteString uuid) {
    return !unacknowledgedUpdates.containsKey(uuid);
  }

  /**
   * Waits until the update is acknowledged.
   *
   * @return whether it was acknowledged within the timeout
   */
  public synchronized boolean awaitAcknowledged(ByteString uuid, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (unacknowledgedUpdates.containsKey(uuid)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
