package io.kafkamesos.local.it;

import io.kafkamesos.commons.mesos.Backoff;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler for tests: it subscribes through the commons {@link MesosClient}, records every
 * event it receives, keeps track of outstanding offers, and lets a test wait for the event it
 * expects. By default it acknowledges every status update that carries a uuid, as a real scheduler
 * must; tests of the retry behaviour turn that off.
 */
public final class TestFramework implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TestFramework.class);

  /** One event as it arrived, with its arrival time from {@link System#nanoTime()}. */
  public record Received(long nanos, Event event) {
  }

  private final TestFrameworkBuilder config;
  private final List<Received> events = new ArrayList<>();
  private final Map<OfferID, Offer> outstanding = new ConcurrentHashMap<>();
  private final Set<Long> executorPids = ConcurrentHashMap.newKeySet();
  private final MesosClient<Call, Event> client;
  private volatile FrameworkID frameworkId;
  private volatile boolean autoAcknowledge;
  private volatile boolean closed;

  TestFramework(TestFrameworkBuilder config) {
    this.config = config;
    this.frameworkId = config.frameworkId;
    this.autoAcknowledge = config.autoAcknowledge;
    this.client = MesosClient.builder(config.masterUrl, MesosApi.SCHEDULER)
        .contentType(config.contentType)
        .subscribeCall(this::subscribeCall)
        .listener(new MesosClient.Listener<>() {
          @Override
          public void received(Event event) {
            onEvent(event);
          }
        })
        .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0))
        .name("test-framework-" + config.name)
        .build();
  }

  public static TestFrameworkBuilder builder(String masterUrl) {
    return new TestFrameworkBuilder(masterUrl);
  }

  TestFramework start() {
    client.start();
    return this;
  }

  /** Waits for SUBSCRIBED and returns this framework's id. */
  public FrameworkID awaitSubscribed(Duration timeout) {
    Event subscribed = awaitEvent(Event.Type.SUBSCRIBED, e -> true, timeout);
    return subscribed.getSubscribed().getFrameworkId();
  }

  public FrameworkID frameworkId() {
    return Objects.requireNonNull(frameworkId, "not subscribed yet");
  }

  public Optional<String> streamId() {
    return client.streamId();
  }

  /** Whether its subscription is open now. */
  public boolean isConnected() {
    return client.isConnected();
  }

  public String role() {
    return config.roles.get(0);
  }

  public String principal() {
    return config.principal;
  }

  public void autoAcknowledge(boolean on) {
    this.autoAcknowledge = on;
  }

  /** Pids the test executor reported for this framework's tasks. */
  public Set<Long> executorPids() {
    return Set.copyOf(executorPids);
  }

  // ---- events ----

  /** The number of events received so far; pass it to the {@code awaitEvent} overload to skip them. */
  public int mark() {
    synchronized (events) {
      return events.size();
    }
  }

  public List<Received> received() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public List<Event> events(int from) {
    synchronized (events) {
      return events.subList(Math.min(from, events.size()), events.size()).stream()
          .map(Received::event).collect(Collectors.toList());
    }
  }

  public Event awaitEvent(Event.Type type, Predicate<Event> predicate, Duration timeout) {
    return awaitEvent(0, type, predicate, timeout);
  }

  /** Waits for an event of the type, received at or after {@code from}, that the predicate accepts. */
  public Event awaitEvent(int from, Event.Type type, Predicate<Event> predicate, Duration timeout) {
    return awaitReceived(from, type, predicate, timeout).event();
  }

  public Received awaitReceived(int from, Event.Type type, Predicate<Event> predicate,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      int index = from;
      while (true) {
        for (; index < events.size(); index++) {
          Received r = events.get(index);
          if (r.event().getType() == type && predicate.test(r.event())) {
            return r;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("framework " + config.name + ": no " + type
              + " event matching the expectation within " + timeout.toSeconds() + " s; received: "
              + summary(from));
        }
        try {
          events.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** Returns the first matching event received within the window, if any (for negative checks). */
  public Optional<Event> eventWithin(int from, Event.Type type, Predicate<Event> predicate,
      Duration window) {
    try {
      return Optional.of(awaitEvent(from, type, predicate, window));
    } catch (AssertionError e) {
      return Optional.empty();
    }
  }

  /** Waits for an UPDATE of the task into the state and returns its status. */
  public TaskStatus awaitUpdate(int from, TaskID taskId, TaskState state, Duration timeout) {
    return awaitEvent(from, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getTaskId().equals(taskId)
            && e.getUpdate().getStatus().getState() == state, timeout)
        .getUpdate().getStatus();
  }

  /** Waits for the next UPDATE of the task, whatever its state. */
  public TaskStatus awaitAnyUpdate(int from, TaskID taskId, Duration timeout) {
    return awaitEvent(from, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getTaskId().equals(taskId), timeout)
        .getUpdate().getStatus();
  }

  // ---- offers ----

  public List<Offer> outstandingOffers() {
    return List.copyOf(outstanding.values());
  }

  /** Waits until offers from at least {@code agents} distinct agents are outstanding. */
  public List<Offer> awaitOffers(int agents, Duration timeout) {
    return Poll.until(agents + " outstanding offers for " + config.name, timeout, () -> {
      Map<AgentID, Offer> byAgent = new LinkedHashMap<>();
      outstanding.values().forEach(o -> byAgent.putIfAbsent(o.getAgentId(), o));
      return byAgent.size() >= agents ? Optional.of(List.copyOf(byAgent.values()))
          : Optional.empty();
    });
  }

  /** Waits for an outstanding offer of the agent that arrived at or after {@code from}. */
  public Offer awaitOfferFor(int from, AgentID agent, Duration timeout) {
    Event event = awaitEvent(from, Event.Type.OFFERS,
        e -> e.getOffers().getOffersList().stream()
            .anyMatch(o -> o.getAgentId().equals(agent) && outstanding.containsKey(o.getId())),
        timeout);
    return event.getOffers().getOffersList().stream()
        .filter(o -> o.getAgentId().equals(agent)).findFirst().orElseThrow();
  }

  /**
   * Waits for an outstanding offer of the agent that the predicate accepts, declining (for a moment)
   * the agent's other offers so that the allocator merges its free resources into one offer.
   */
  public Offer awaitOfferMatching(AgentID agent, Predicate<Offer> predicate, String what,
      Duration timeout) {
    return Poll.until(what + " on " + agent.getValue(), timeout, () -> {
      Optional<Offer> match = outstanding.values().stream()
          .filter(o -> o.getAgentId().equals(agent)).filter(predicate).findFirst();
      if (match.isEmpty()) {
        List<OfferID> others = outstanding.values().stream()
            .filter(o -> o.getAgentId().equals(agent)).map(Offer::getId).toList();
        if (!others.isEmpty()) {
          decline(others, 0.2);
        }
        Poll.sleep(500);
      }
      return match;
    });
  }

  /** Offers received at or after {@code from} for the agent, outstanding or not. */
  public List<Offer> offersReceived(int from, AgentID agent) {
    return events(from).stream()
        .filter(e -> e.getType() == Event.Type.OFFERS)
        .flatMap(e -> e.getOffers().getOffersList().stream())
        .filter(o -> o.getAgentId().equals(agent))
        .collect(Collectors.toList());
  }

  // ---- calls ----

  /** Sends a call with this framework's id; throws {@code MesosHttpException} if refused. */
  public void send(Call.Builder call) {
    client.send(call.setFrameworkId(frameworkId()).build());
  }

  public void accept(Collection<OfferID> offerIds, List<Offer.Operation> operations,
      double refuseSeconds) {
    offerIds.forEach(outstanding::remove);
    send(Call.newBuilder().setType(Call.Type.ACCEPT)
        .setAccept(Call.Accept.newBuilder().addAllOfferIds(offerIds).addAllOperations(operations)
            .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds))));
  }

  public void accept(Offer offer, List<Offer.Operation> operations) {
    accept(List.of(offer.getId()), operations, 0.5);
  }

  public void decline(Collection<OfferID> offerIds, double refuseSeconds) {
    offerIds.forEach(outstanding::remove);
    send(Call.newBuilder().setType(Call.Type.DECLINE)
        .setDecline(Call.Decline.newBuilder().addAllOfferIds(offerIds)
            .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds))));
  }

  /** Declines every outstanding offer. */
  public void declineAll(double refuseSeconds) {
    List<OfferID> ids = List.copyOf(outstanding.keySet());
    if (!ids.isEmpty()) {
      decline(ids, refuseSeconds);
    }
  }

  public void revive() {
    send(Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.getDefaultInstance()));
  }

  public void suppress() {
    send(Call.newBuilder().setType(Call.Type.SUPPRESS)
        .setSuppress(Call.Suppress.getDefaultInstance()));
  }

  public void kill(TaskID taskId, AgentID agentId) {
    send(Call.newBuilder().setType(Call.Type.KILL)
        .setKill(Call.Kill.newBuilder().setTaskId(taskId).setAgentId(agentId)));
  }

  public void shutdown(ExecutorID executorId, AgentID agentId) {
    send(Call.newBuilder().setType(Call.Type.SHUTDOWN)
        .setShutdown(Call.Shutdown.newBuilder().setExecutorId(executorId).setAgentId(agentId)));
  }

  public void acknowledge(TaskStatus status) {
    send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
        .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
            .setTaskId(status.getTaskId()).setUuid(status.getUuid())));
  }

  /** Explicit reconciliation of the given tasks, or implicit if the list is empty. */
  public void reconcile(List<Call.Reconcile.Task> tasks) {
    send(Call.newBuilder().setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)));
  }

  public void teardown() {
    send(Call.newBuilder().setType(Call.Type.TEARDOWN));
  }

  /** Closes the subscription as a crashing scheduler would: the framework stays registered. */
  @Override
  public void close() {
    closed = true;
    client.close();
  }

  /** Tears the framework down if it is still subscribed, then closes; never throws. */
  public void teardownQuietly() {
    try {
      if (!closed && frameworkId != null && client.isConnected()) {
        teardown();
      }
    } catch (RuntimeException e) {
      LOG.info("teardown of {} failed: {}", config.name, e.getMessage());
    } finally {
      close();
    }
  }

  // ---- internals ----

  private Call subscribeCall() {
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
        .setUser(config.user)
        .setName(config.name)
        .setFailoverTimeout(config.failoverTimeout.toMillis() / 1000.0)
        .setCheckpoint(config.checkpoint)
        .setPrincipal(config.principal);
    if (config.webuiUrl != null) {
      info.setWebuiUrl(config.webuiUrl);
    }
    for (FrameworkInfo.Capability.Type type : config.capabilities) {
      info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(type));
    }
    if (config.capabilities.contains(FrameworkInfo.Capability.Type.MULTI_ROLE)) {
      info.addAllRoles(config.roles);
    } else {
      setLegacyRole(info, config.roles.get(0));
    }
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
    FrameworkID id = frameworkId;
    if (id != null) {
      info.setId(id);
      call.setFrameworkId(id);
    }
    return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
  }

  @SuppressWarnings("deprecation") // the single role of a framework without MULTI_ROLE
  private static void setLegacyRole(FrameworkInfo.Builder info, String role) {
    info.setRole(role);
  }

  private void onEvent(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> frameworkId = event.getSubscribed().getFrameworkId();
      case OFFERS -> event.getOffers().getOffersList().forEach(o -> outstanding.put(o.getId(), o));
      case RESCIND -> outstanding.remove(event.getRescind().getOfferId());
      case UPDATE -> onUpdate(event.getUpdate().getStatus());
      case ERROR -> {
        LOG.warn("framework {} received ERROR: {}", config.name, event.getError().getMessage());
        if (config.stopOnError) {
          // A scheduler should abort on ERROR; re-subscribing at once would fight the new instance.
          Thread closer = new Thread(this::close, "close-" + config.name);
          closer.setDaemon(true);
          closer.start();
        }
      }
      default -> {
      }
    }
    synchronized (events) {
      events.add(new Received(System.nanoTime(), event));
      events.notifyAll();
    }
  }

  private void onUpdate(TaskStatus status) {
    TestExecutor.pidIn(status).ifPresent(executorPids::add);
    if (autoAcknowledge && status.hasUuid() && !closed) {
      try {
        acknowledge(status);
      } catch (RuntimeException e) {
        LOG.warn("framework {} could not acknowledge {}: {}", config.name,
            status.getTaskId().getValue(), e.getMessage());
      }
    }
  }

  private String summary(int from) {
    List<Event> list = events(from);
    return list.stream().map(TestFramework::describe).collect(Collectors.joining(", ", "[", "]"));
  }

  static String describe(Event e) {
    return switch (e.getType()) {
      case UPDATE -> "UPDATE(" + e.getUpdate().getStatus().getTaskId().getValue() + " "
          + e.getUpdate().getStatus().getState() + " " + e.getUpdate().getStatus().getReason()
          + " " + e.getUpdate().getStatus().getSource() + " '"
          + e.getUpdate().getStatus().getMessage() + "')";
      case OFFERS -> "OFFERS(" + e.getOffers().getOffersCount() + ")";
      case ERROR -> "ERROR(" + e.getError().getMessage() + ")";
      default -> e.getType().name();
    };
  }
}
