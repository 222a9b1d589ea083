package io.kafkamesos.scheduler.core;

import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.scheduler.leader.Election;
import io.kafkamesos.scheduler.leader.LeaderGate;
import io.kafkamesos.scheduler.leader.LeaderInfo;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import io.kafkamesos.scheduler.leader.Phase;
import io.kafkamesos.scheduler.state.StateStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one scheduler process among the schedulers of its framework, in the {@link Phase}s:
 * it waits for ZooKeeper (retrying, saying what is wrong), stands by in the {@link Election} while
 * another leads, and once it holds the latch takes over: resolves the target, builds and loads the
 * scheduler ({@link Takeover}), opens the {@link LeaderGate} and subscribes. Nothing that acts
 * (a target written, a Mesos call) happens before the latch is held.
 *
 * <p>While it leads, ZooKeeper's events move it: a suspended connection closes the gate and drops
 * the Mesos subscription at once (the session, and the latch, may have gone); the same session back
 * opens them again; a lost latch ends the process through {@link Exit}, as dcos-commons does: a
 * scheduler that carried on could act beside the new leader, while a fresh process, which Marathon
 * starts, comes back as a standby and loads whatever the new leader stored.
 *
 * <p>One thread of its own runs the steps (once a second, and at once when the election connects or
 * wins the latch); ZooKeeper's threads deliver the events.
 * {@link #status()} is safe from any thread and never waits.
 */
public final class SchedulerLifecycle implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLifecycle.class);

  /** Exit status after the latch was lost (EX_TEMPFAIL): started again, it stands by. */
  public static final int EXIT_LOST_LEADERSHIP = 75;
  /** Exit status when taking over failed for a reason other than ZooKeeper (EX_SOFTWARE). */
  public static final int EXIT_TAKEOVER_FAILED = 70;
  static final Duration STEP = Duration.ofSeconds(1);
  /** How often a standby reads who leads, and a waiting scheduler probes ZooKeeper's servers. */
  static final Duration LOOK_AGAIN = Duration.ofSeconds(5);
  /** How often the same problem is logged again. */
  static final Duration LOG_AGAIN = Duration.ofMinutes(1);

  /** What the leader builds once it holds the latch, as the lifecycle drives it. */
  public interface Leader {

    /**
     * Loads the stored state, starts the event loop and lets the API through; called again after
     * a failure.
     *
     * @throws StateStoreException when ZooKeeper cannot be read (retried)
     */
    void load();

    /** Subscribes to Mesos with the stored framework id (again after {@link #pause}). */
    void subscribe();

    /** Drops the Mesos subscription now: no call leaves after this returns. */
    void pause(String reason);

    /**
     * On shutdown, or once the leadership is lost: drops the subscription without tearing the
     * framework down and stops the loop and the parts. May be called more than once.
     */
    void stop();

    /** When the event loop last ticked; empty before {@link #load()}. */
    Optional<Instant> lastTick();
  }

  /** Builds the leader's parts once this process holds the latch. */
  @FunctionalInterface
  public interface Takeover {

    /**
     * Resolves the target (it may store a new one) and wires the scheduler with it; called again
     * when it throws {@link StateStoreException} (ZooKeeper cannot be read or written yet).
     */
    Leader build();
  }

  /** Ends the process (in production, {@code System.exit} on a thread of its own). */
  @FunctionalInterface
  public interface Exit {
    void exit(int status);
  }

  private final String framework;
  private final LeaderGate gate;
  private final Takeover takeover;
  private final Exit exit;
  private final Clock clock;
  private final ScheduledExecutorService worker;
  private final Election.Events events = new Events();
  private final Duration step;

  // guarded by this
  private Election election;
  private LeaderInfo self;
  private Phase phase = Phase.STARTING;
  private Instant since;
  private String message;
  private LeaderInfo leader;
  private Leader active;
  private boolean joined;
  private boolean loaded;
  private Instant nextLook = Instant.EPOCH;
  private String logged = "";
  private Instant loggedAt = Instant.EPOCH;

  private volatile Instant beat;
  private volatile LeadershipStatus published;
  /** {@link #active}, for {@link #status()} without the lock. */
  private volatile Leader activeLeader;

  public SchedulerLifecycle(String framework, LeaderGate gate, Takeover takeover, Exit exit, Clock clock) {
    this(framework, gate, takeover, exit, clock, STEP);
  }

  /** @param step how often the steps run when nothing calls for one (tests lengthen it) */
  SchedulerLifecycle(String framework, LeaderGate gate, Takeover takeover, Exit exit, Clock clock,
      Duration step) {
    this.step = Objects.requireNonNull(step);
    this.framework = Objects.requireNonNull(framework);
    this.gate = Objects.requireNonNull(gate);
    this.takeover = Objects.requireNonNull(takeover);
    this.exit = Objects.requireNonNull(exit);
    this.clock = Objects.requireNonNull(clock);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, framework + "-leadership");
      t.setDaemon(true);
      return t;
    });
    this.beat = clock.instant();
    this.since = beat;
    this.message = "the scheduler of " + framework + " is starting";
    publish();
  }

  /**
   * Enters the election, once the API and admin port serve (a standby answers from the start): the
   * steps run from now on.
   */
  public synchronized void begin(Election theElection, LeaderInfo me) {
    if (election != null) {
      throw new IllegalStateException("the lifecycle has begun already");
    }
    this.election = Objects.requireNonNull(theElection);
    this.self = Objects.requireNonNull(me);
    LOG.info("Scheduler {} of {} starts: API {}, admin {}", me.pid(), framework, me.api(), me.admin());
    nextLook = clock.instant().plus(LOOK_AGAIN); // a first connection takes a moment: no alarm before
    worker.scheduleWithFixedDelay(this::step, 0, step.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Where this process is now. */
  public LeadershipStatus status() {
    LeadershipStatus s = published;
    Leader a = activeLeader;
    Instant tick = a == null ? null : a.lastTick().orElse(null);
    return new LeadershipStatus(s.framework(), s.phase(), s.since(), s.message(), s.self(), s.leader(),
        beat, tick);
  }

  @Override
  public void start() {
    // the steps begin once the server listens: see begin()
  }

  @Override
  public void stop() throws InterruptedException {
    Leader a;
    Election e;
    synchronized (this) {
      setPhase(Phase.STOPPED, "this scheduler of " + framework + " is stopping");
      gate.close("the scheduler is stopping");
      a = active;
      e = election;
    }
    worker.shutdownNow();
    worker.awaitTermination(5, TimeUnit.SECONDS);
    if (a != null) {
      a.stop();
    }
    if (e != null) {
      e.leave(); // the latch goes now: a standby takes over without waiting for the session to end
    }
  }

  private void step() {
    beat = clock.instant();
    try {
      Phase now = published.phase();
      switch (now) {
        case STARTING, WAITING_FOR_ZOOKEEPER, STANDING_BY -> elect();
        case TAKING_OVER -> takeOver();
        default -> {
          // LEADING and SUSPENDED move on ZooKeeper's events; LEAVING and STOPPED are ends
        }
      }
    } catch (RuntimeException e) {
      LOG.error("The leadership step of {} failed; trying again", framework, e);
    }
  }

  /**
   * Waits for ZooKeeper, then for the latch. The probes and reads run without the lock (they may
   * take seconds); only this thread moves a process out of these phases.
   */
  private void elect() {
    synchronized (this) {
      if (!joined) {
        election.join(events);
        joined = true;
      }
    }
    Instant now = clock.instant();
    Phase current = published.phase();
    if (!election.connected()) {
      if (current == Phase.STARTING) {
        standBy(Phase.WAITING_FOR_ZOOKEEPER, leader, "the scheduler of " + framework
            + " is connecting to ZooKeeper", false);
      } else if (!now.isBefore(nextLook)) {
        nextLook = now.plus(LOOK_AGAIN);
        String problem = election.problem();
        standBy(Phase.WAITING_FOR_ZOOKEEPER, leader, "the scheduler of " + framework
            + " cannot reach ZooKeeper (" + (problem.isEmpty() ? "not connected" : problem)
            + "); it keeps trying, and stands by or leads once ZooKeeper answers", true);
      }
      return;
    }
    if (election.leads()) {
      synchronized (this) {
        if (!isElecting()) {
          return;
        }
        setPhase(Phase.TAKING_OVER, "this scheduler of " + framework
            + " won the leadership and is taking over: loading the state");
        LOG.info("This scheduler won the leadership of {}{}; taking over", framework,
            leader == null ? "" : " (the last leader seen was " + leader + ")");
      }
      worker.execute(this::step); // at once, not a second later
      return;
    }
    if (current != Phase.STANDING_BY || !now.isBefore(nextLook)) {
      nextLook = now.plus(LOOK_AGAIN);
      LeaderInfo seen = election.leader().orElse(null);
      boolean changed = !Objects.equals(seen, leader) || current != Phase.STANDING_BY;
      standBy(Phase.STANDING_BY, seen, "this scheduler of " + framework + " stands by: " + (seen == null
          ? "ZooKeeper names no leader yet" : "the scheduler at " + seen.api() + " leads (pid "
              + seen.pid() + " on " + seen.host() + ")") + "; it takes over if the leader goes", changed);
    }
  }

  private synchronized void standBy(Phase next, LeaderInfo seen, String text, boolean log) {
    if (!isElecting()) {
      return;
    }
    leader = seen;
    setPhase(next, text);
    if (log && next == Phase.WAITING_FOR_ZOOKEEPER) {
      note(text);
    } else if (log) {
      LOG.info("{}", text);
    }
  }

  private boolean isElecting() {
    return phase == Phase.STARTING || phase == Phase.WAITING_FOR_ZOOKEEPER || phase == Phase.STANDING_BY;
  }

  private void takeOver() {
    Leader built;
    synchronized (this) {
      if (phase != Phase.TAKING_OVER) {
        return;
      }
      built = active;
    }
    try {
      if (built == null) {
        built = takeover.build();
        synchronized (this) {
          active = built;
          activeLeader = built;
        }
      }
      if (!loaded) {
        built.load();
        loaded = true;
      }
    } catch (StateStoreException | SchedulerUnavailableException e) {
      synchronized (this) {
        setPhase(Phase.TAKING_OVER, "this scheduler of " + framework + " won the leadership and is "
            + "taking over: waiting for ZooKeeper (" + e.getMessage() + ")");
        note(message);
      }
      return; // the next step tries again
    } catch (RuntimeException e) {
      LOG.error("Taking over {} failed; exiting so that a fresh process tries again", framework, e);
      leave(EXIT_TAKEOVER_FAILED, "taking over failed: " + e.getMessage());
      return;
    }
    synchronized (this) {
      if (phase != Phase.TAKING_OVER) {
        return; // lost or stopped meanwhile
      }
      if (!election.connected()) {
        setPhase(Phase.SUSPENDED, suspendedMessage());
        LOG.warn("{}", message);
        return;
      }
      act("took over");
    }
  }

  /** Opens the gate and subscribes; call holding the lock. */
  private void act(String how) {
    gate.open();
    active.subscribe();
    setPhase(Phase.LEADING, "this scheduler leads " + framework);
    LOG.info("This scheduler {} {}: it leads and subscribes to Mesos", how, framework);
  }

  private synchronized void onSuspended() {
    if (phase == Phase.LEADING) {
      gate.close("this scheduler's ZooKeeper connection is away");
      active.pause("the ZooKeeper connection is away: this scheduler cannot know whether it still "
          + "holds the leader latch");
      setPhase(Phase.SUSPENDED, suspendedMessage());
      LOG.warn("{}", message);
    }
  }

  private synchronized void onReconnected() {
    if (phase != Phase.SUSPENDED) {
      return; // a standby needs nothing; a takeover carries on by itself
    }
    if (!election.leads()) {
      leave(EXIT_LOST_LEADERSHIP, "it no longer holds the leader latch");
      return;
    }
    act("is back with the same ZooKeeper session, still holds the leader latch of");
  }

  private synchronized void onLost(String reason) {
    if (phase.holdsLatch()) {
      leave(EXIT_LOST_LEADERSHIP, reason);
    } else if (phase == Phase.STANDING_BY || phase == Phase.WAITING_FOR_ZOOKEEPER) {
      LOG.info("The ZooKeeper session of this standby of {} ended ({}); it joins the election again",
          framework, reason);
    }
  }

  /** Stops acting at once and ends the process; call holding the lock. */
  private void leave(int status, String reason) {
    if (phase == Phase.LEAVING || phase == Phase.STOPPED) {
      return;
    }
    gate.close("this scheduler lost the leadership");
    setPhase(Phase.LEAVING, "this scheduler of " + framework + " lost the leadership (" + reason
        + ") and exits, to be started again as a standby");
    LOG.error("This scheduler lost the leadership of {}: {}. It exits (status {}) rather than carry "
        + "on: it could otherwise act beside the new leader, while a fresh process, started again by "
        + "Marathon, stands by and loads whatever the new leader stores.", framework, reason, status);
    if (active != null) {
      active.pause("this scheduler lost the leadership (" + reason + ")");
      active.stop(); // no tick either: nothing more is written to the state the new leader owns
    }
    exit.exit(status);
  }

  private String suspendedMessage() {
    return "this scheduler of " + framework + " holds the leader latch, but its ZooKeeper connection "
        + "is away since " + clock.instant() + ": it sends no Mesos call until ZooKeeper answers "
        + "again, and exits if its ZooKeeper session ends first";
  }

  /** Logs a problem when it changes, and again every {@link #LOG_AGAIN} while it lasts. */
  private void note(String text) {
    Instant now = clock.instant();
    if (!text.equals(logged) || !now.isBefore(loggedAt.plus(LOG_AGAIN))) {
      LOG.warn("{}", text);
      logged = text;
      loggedAt = now;
    }
  }

  private void setPhase(Phase next, String text) {
    if (next != phase) {
      since = clock.instant();
    }
    phase = next;
    message = text;
    publish();
  }

  private void publish() {
    published = new LeadershipStatus(framework, phase, since, message, self, leader, beat, null);
  }

  /** ZooKeeper's events, delivered on its threads. */
  private final class Events implements Election.Events {
    @Override
    public void suspended() {
      onSuspended();
    }

    @Override
    public void reconnected() {
      onReconnected();
    }

    @Override
    public void lost(String reason) {
      onLost(reason);
    }

    @Override
    public void progressed() {
      onProgressed();
    }
  }

  /**
   * Connected, or the latch won: the election's step runs now instead of up to a second later (a
   * start waits for both, one after the other).
   */
  private synchronized void onProgressed() {
    if (isElecting()) {
      try {
        worker.execute(this::step);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // the lifecycle is stopping: no more steps
      }
    }
  }
}
