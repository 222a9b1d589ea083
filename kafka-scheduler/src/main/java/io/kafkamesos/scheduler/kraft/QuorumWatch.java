package io.kafkamesos.scheduler.kraft;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.commons.node.QuorumMode;
import io.kafkamesos.scheduler.plan.Verdict;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the controller quorum on a thread of its own: describes it every few seconds (the health
 * checks, the API and the {@link QuorumGate} read the latest answer and never wait for Kafka), and
 * in a dynamic quorum makes the one voter change {@link VoterChanges} asks for, with Kafka's own
 * {@code addRaftVoter}/{@code removeRaftVoter}.
 */
public final class QuorumWatch implements Managed, QuorumGate {

  private static final Logger LOG = LoggerFactory.getLogger(QuorumWatch.class);
  /** How often the quorum is described. */
  public static final Duration INTERVAL = Duration.ofSeconds(3);
  /** A view older than this does not let a controller restart. */
  static final Duration FRESH = Duration.ofSeconds(15);

  /** The latest look at the quorum: the view, or why there is none, and when. */
  public record Snapshot(QuorumView view, String error, Instant at) {
    public static final Snapshot NONE = new Snapshot(null, "the quorum was not described yet",
        Instant.EPOCH);

    public Optional<QuorumView> quorum() {
      return Optional.ofNullable(view);
    }
  }

  private final QuorumAccess access;
  private final QuorumMode mode;
  private final ClusterLayout layout;
  private final Supplier<Map<Integer, BrokerRecord>> records;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private volatile Snapshot latest = Snapshot.NONE;
  private String loggedRefusal = "";
  private String loggedError = "";

  /**
   * @param records the scheduler's latest records (its published view), for the voter changes
   */
  public QuorumWatch(QuorumAccess access, QuorumMode mode, ClusterLayout layout,
      Supplier<Map<Integer, BrokerRecord>> records, Clock clock, String frameworkName) {
    this.access = Objects.requireNonNull(access);
    this.mode = Objects.requireNonNull(mode);
    this.layout = Objects.requireNonNull(layout);
    this.records = Objects.requireNonNull(records);
    this.clock = Objects.requireNonNull(clock);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, frameworkName + "-quorum");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start() {
    thread.scheduleWithFixedDelay(this::look, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The latest look at the quorum; safe from any thread. */
  public Snapshot latest() {
    return latest;
  }

  /** Describes the quorum now, and makes the voter change it needs (dynamic quorums). */
  void look() {
    QuorumView view;
    try {
      view = access.describe();
    } catch (RuntimeException e) {
      latest = new Snapshot(null, e.getMessage(), clock.instant());
      if (!Objects.equals(loggedError, e.getMessage())) {
        loggedError = e.getMessage();
        LOG.info("The controller quorum cannot be described: {}", e.getMessage());
      }
      return;
    }
    loggedError = "";
    latest = new Snapshot(view, null, clock.instant());
    if (mode != QuorumMode.DYNAMIC) {
      return;
    }
    Optional<VoterChanges.Change> change = VoterChanges.next(view, layout, records.get());
    if (change.isEmpty()) {
      return;
    }
    VoterChanges.Change c = change.get();
    try {
      LOG.warn("Controller quorum: {} ({} voter {}, directory {})", c.reason(),
          c.kind() == VoterChanges.Kind.ADD ? "adding" : "removing", c.nodeId(), c.directoryId());
      if (c.kind() == VoterChanges.Kind.ADD) {
        access.addVoter(c.nodeId(), c.directoryId(), c.endpoint());
      } else {
        access.removeVoter(c.nodeId(), c.directoryId());
      }
      LOG.warn("Controller quorum: {} voter {} (directory {}) done", c.kind() == VoterChanges.Kind.ADD
          ? "added" : "removed", c.nodeId(), c.directoryId());
    } catch (RuntimeException e) {
      // an observer that has not caught up yet is refused; the next look tries again
      LOG.info("Controller quorum: {} of voter {} not done yet: {}", c.kind(), c.nodeId(),
          e.getMessage());
    }
  }

  @Override
  public boolean mayRestart(int controller) {
    return verdict(controller).allowed();
  }

  @Override
  public String notCaughtUp(int controller, Instant runningSince) {
    Snapshot s = latest;
    if (s.view() == null) {
      return "the quorum's state is unknown (" + s.error() + ")";
    }
    if (!s.at().isAfter(runningSince)) {
      return "the quorum was not described since it started (last at " + s.at() + ")";
    }
    return QuorumCheck.lacks(controller, s.view(), QuorumCheck.DEFAULT_FETCH_TIMEOUT);
  }

  @Override
  public int leader() {
    Snapshot s = latest;
    return s.view() != null && s.view().hasLeader() ? s.view().leaderId() : -1;
  }

  @Override
  public synchronized Verdict verdict(int controller) {
    Snapshot s = latest;
    Verdict verdict;
    if (s.view() == null) {
      verdict = Verdict.refuse("controller " + controller + " waits: the quorum's state is unknown ("
          + s.error() + ")");
    } else if (Duration.between(s.at(), clock.instant()).compareTo(FRESH) > 0) {
      verdict = Verdict.refuse("controller " + controller + " waits: the quorum was last described at "
          + s.at());
    } else {
      verdict = QuorumCheck.mayRestart(controller, s.view(), QuorumCheck.DEFAULT_FETCH_TIMEOUT);
    }
    if (!verdict.allowed() && !verdict.reason().equals(loggedRefusal)) {
      loggedRefusal = verdict.reason();
      LOG.info("{}", verdict.reason());
    }
    return verdict;
  }
}
