package io.kafkamesos.commons.mesos;

import com.google.protobuf.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * What differs between the two v1 HTTP APIs a client subscribes to: the endpoint, the event type,
 * and whether the stream carries a {@code Mesos-Stream-Id} and heartbeats to watch.
 *
 * @param <C> the call message
 * @param <E> the event message
 */
public final class MesosApi<C extends Message, E extends Message> {

  /** The scheduler API of a master: stream ids and heartbeats. */
  public static final MesosApi<org.apache.mesos.v1.scheduler.Protos.Call,
      org.apache.mesos.v1.scheduler.Protos.Event> SCHEDULER = new MesosApi<>(
          "/api/v1/scheduler",
          org.apache.mesos.v1.scheduler.Protos.Event::newBuilder,
          true,
          event -> event.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.SUBSCRIBED
              && event.getSubscribed().hasHeartbeatIntervalSeconds()
              ? Optional.of(Duration.ofMillis(
                  (long) (event.getSubscribed().getHeartbeatIntervalSeconds() * 1000)))
              : Optional.empty());

  /** The executor API of an agent: no stream id; the agent's heartbeats are not relied upon. */
  public static final MesosApi<org.apache.mesos.v1.executor.Protos.Call, Event> EXECUTOR =
      new MesosApi<>("/api/v1/executor", Event::newBuilder, false, event -> Optional.empty());

  private final String path;
  private final Supplier<Message.Builder> eventBuilder;
  private final boolean streamIds;
  private final Function<E, Optional<Duration>> heartbeatInterval;

  private MesosApi(String path, Supplier<Message.Builder> eventBuilder, boolean streamIds,
      Function<E, Optional<Duration>> heartbeatInterval) {
    this.path = path;
    this.eventBuilder = eventBuilder;
    this.streamIds = streamIds;
    this.heartbeatInterval = heartbeatInterval;
  }

  public String path() {
    return path;
  }

  public Message.Builder newEventBuilder() {
    return eventBuilder.get();
  }

  /** Whether calls after SUBSCRIBE must carry the stream's {@code Mesos-Stream-Id}. */
  public boolean usesStreamIds() {
    return streamIds;
  }

  /** The heartbeat interval this event announces, if it announces one. */
  public Optional<Duration> heartbeatInterval(E event) {
    return heartbeatInterval.apply(event);
  }
}
