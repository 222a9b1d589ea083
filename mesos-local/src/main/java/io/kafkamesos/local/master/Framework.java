package io.kafkamesos.local.master;

import io.kafkamesos.local.http.EventStream;
import io.kafkamesos.local.proto.Roles;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The master's view of one framework; owned by the event loop. */
final class Framework {

  static final int MAX_COMPLETED_TASKS = 1000;

  final FrameworkID id;
  FrameworkInfo info;
  EventStream stream;
  String streamId;
  /** Known from an agent's checkpoint but not yet re-subscribed to this master. */
  boolean recovered;
  final Instant registeredTime;
  Instant reregisteredTime;
  Instant unregisteredTime;
  final Set<String> suppressedRoles = new HashSet<>();
  final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
  final Deque<TaskRecord> completedTasks = new ArrayDeque<>();
  /** Tasks of agents marked unreachable (TASK_UNREACHABLE, or TASK_LOST if not partition-aware). */
  final Map<String, TaskRecord> unreachableTasks = new LinkedHashMap<>();
  /** Declined or unused resources per agent id, not offered again until the filter expires. */
  final Map<String, OfferFilter> filters = new HashMap<>();
  ScheduledFuture<?> failoverTimer;
  ScheduledFuture<?> heartbeat;

  Framework(FrameworkID id, FrameworkInfo info, Instant registeredTime) {
    this.id = id;
    this.info = info;
    this.registeredTime = registeredTime;
  }

  boolean connected() {
    return stream != null && !stream.isClosed();
  }

  List<String> roles() {
    return Roles.of(info);
  }

  boolean partitionAware() {
    return Roles.hasCapability(info, FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }

  boolean reservationRefinement() {
    return Roles.hasCapability(info, FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
  }

  void send(Event event) {
    EventStream s = stream;
    if (s != null) {
      s.send(event);
    }
  }

  void complete(TaskRecord task) {
    tasks.remove(task.info.getTaskId().getValue());
    completedTasks.addLast(task);
    while (completedTasks.size() > MAX_COMPLETED_TASKS) {
      completedTasks.removeFirst();
    }
  }

  void cancelTimers() {
    if (failoverTimer != null) {
      failoverTimer.cancel(false);
      failoverTimer = null;
    }
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
    }
  }
}
