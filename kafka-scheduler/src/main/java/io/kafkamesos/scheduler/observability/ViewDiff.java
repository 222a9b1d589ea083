package io.kafkamesos.scheduler.observability;

import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import io.kafkamesos.scheduler.state.RestartMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The events between two published pictures of the scheduler: launches, state changes, failures,
 * restart requests. Pure.
 */
public final class ViewDiff {

  private ViewDiff() {
  }

  public static List<SchedulerEvent> between(SchedulerView before, SchedulerView after, Instant at) {
    List<SchedulerEvent> events = new ArrayList<>();
    for (BrokerRecord now : after.records().values()) {
      BrokerRecord was = before.records().get(now.brokerId());
      int id = now.brokerId();
      boolean newTask = now.taskId() != null && (was == null || !now.taskId().equals(was.taskId()));
      if (was != null && now.failures() > was.failures()) {
        events.add(new SchedulerEvent(at, id, "failure", "broker " + id + " failed (task "
            + was.taskId() + "): " + text(now.lastStatus()) + "; failure " + now.failures()));
      }
      if (was != null && was.restart() == RestartMode.NONE && now.restart() != RestartMode.NONE) {
        events.add(new SchedulerEvent(at, id, "restart", "broker " + id + " will restart ("
            + now.restart().name().toLowerCase(java.util.Locale.ROOT) + "): "
            + text(now.lastRestartReason())));
      }
      if (newTask) {
        events.add(new SchedulerEvent(at, id, "launch", "broker " + id + " launched as task "
            + now.taskId() + " on " + now.hostname() + ":" + now.port()
            + (now.lastRestartReason() == null ? "" : " (" + text(now.lastRestartReason()) + ")")));
      }
      BrokerState from = was == null ? null : was.state();
      if (from != now.state() && !(newTask && now.state() == BrokerState.STAGING)
          && !(was != null && now.failures() > was.failures() && now.state() == BrokerState.FAILED)) {
        String kind = now.state() == BrokerState.RUNNING ? "running"
            : now.state() == BrokerState.KILLING ? "restart" : "state";
        events.add(new SchedulerEvent(at, id, kind, "broker " + id + " is " + now.state()
            + (from == null ? "" : " (was " + from + ")")
            + (Objects.equals(now.lastStatus(), was == null ? null : was.lastStatus())
                || now.lastStatus() == null ? "" : ": " + text(now.lastStatus()))));
      }
    }
    return events;
  }

  /** Task statuses can carry a log tail: an event keeps its first line, at most {@code BRIEF} chars. */
  static final int BRIEF = 160;

  private static String text(String s) {
    if (s == null) {
      return "no reason given";
    }
    String first = s.lines().findFirst().orElse("");
    String cut = first.length() > BRIEF ? first.substring(0, BRIEF) : first;
    int log = cut.indexOf("; last ");
    cut = log > 0 ? cut.substring(0, log) : cut;
    return cut.length() < s.length() ? cut + " …" : cut;
  }
}
