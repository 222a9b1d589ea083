package io.kafkamesos.local.agent;

import com.google.protobuf.ByteString;
import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.master.MasterLink;
import java.time.Duration;
import java.util.Objects;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesos' status update manager: per task, updates go to the scheduler one at a time in order;
 * the head is re-sent with doubling intervals (from the retry interval up to 10 minutes) until
 * the scheduler acknowledges its uuid.
 */
final class StatusUpdateManager {

  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

  private final EventLoop loop;
  private final MasterLink master;
  private final Duration firstRetry;
  private final java.util.function.Predicate<String> removed;

  /**
   * @param removed whether a framework (by id) is gone, so its updates go nowhere
   */
  StatusUpdateManager(EventLoop loop, MasterLink master, Duration firstRetry,
      java.util.function.Predicate<String> removed) {
    this.loop = Objects.requireNonNull(loop);
    this.master = Objects.requireNonNull(master);
    this.firstRetry = Objects.requireNonNull(firstRetry);
    this.removed = Objects.requireNonNull(removed);
  }

  /** Records the update as the task's latest and queues it for the scheduler. */
  void enqueue(ExecutorRun run, TaskRun task, TaskStatus status) {
    task.statuses.add(status);
    if (removed.test(run.frameworkId.getValue())) {
      return;
    }
    task.pending.addLast(status);
    if (task.pending.size() == 1) {
      forward(run, task);
    }
  }

  /** Sends the head of the task's stream (again) and arms its retry. */
  void forward(ExecutorRun run, TaskRun task) {
    TaskStatus head = task.pending.peekFirst();
    if (head == null) {
      return;
    }
    master.statusUpdate(run.frameworkId, head);
    if (task.retry != null) {
      task.retry.cancel(false);
    }
    Duration delay = firstRetry.multipliedBy(1L << Math.min(task.retries, 20));
    if (delay.compareTo(AgentSettings.MAX_RETRY) > 0) {
      delay = AgentSettings.MAX_RETRY;
    }
    task.retry = loop.schedule(delay, () -> {
      if (task.pending.peekFirst() == head) {
        task.retries++;
        LOG.info("Resending status update {} of task {} of framework {} (not acknowledged)",
            head.getState(), task.id(), run.frameworkId.getValue());
        forward(run, task);
      }
    });
  }

  /**
   * The scheduler acknowledged; returns the acknowledged update when it was the head, so the
   * agent can tell the executor, and sends the next one.
   */
  TaskStatus acknowledge(ExecutorRun run, TaskRun task, ByteString uuid) {
    TaskStatus head = task.pending.peekFirst();
    if (head == null || !head.getUuid().equals(uuid)) {
      LOG.warn("Ignoring acknowledgement of an unexpected status update of task {}", task.id());
      return null;
    }
    task.pending.removeFirst();
    task.retries = 0;
    if (task.retry != null) {
      task.retry.cancel(false);
      task.retry = null;
    }
    forward(run, task);
    return head;
  }

  void cancel(TaskRun task) {
    if (task.retry != null) {
      task.retry.cancel(false);
    }
    task.pending.clear();
  }
}
