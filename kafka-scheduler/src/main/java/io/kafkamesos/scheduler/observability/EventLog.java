package io.kafkamesos.scheduler.observability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest events, at most {@code capacity}, in memory only: a restarted scheduler starts afresh. */
public final class EventLog {

  public static final int DEFAULT_CAPACITY = 200;

  private final int capacity;
  private final Deque<SchedulerEvent> events = new ArrayDeque<>();

  public EventLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void add(SchedulerEvent event) {
    events.addLast(event);
    while (events.size() > capacity) {
      events.removeFirst();
    }
  }

  /** The events, newest first. */
  public synchronized List<SchedulerEvent> newestFirst() {
    List<SchedulerEvent> out = new ArrayList<>(events);
    java.util.Collections.reverse(out);
    return out;
  }
}
