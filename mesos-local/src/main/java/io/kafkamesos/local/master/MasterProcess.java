package io.kafkamesos.local.master;

import io.kafkamesos.local.actor.EventLoop;
import io.kafkamesos.local.http.MesosJson;
import io.kafkamesos.local.zk.MasterContender;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of mesos-local's masters as a process: it contends for leadership in ZooKeeper, knows who
 * leads (for its redirects), and while it leads runs a {@link Master} built afresh at its
 * election from the {@link Registry} and the agents that re-register. A stopped process
 * ({@link #kill}) keeps nothing; started again it is a new master with a new id.
 */
public final class MasterProcess {

  private static final Logger LOG = LoggerFactory.getLogger(MasterProcess.class);
  /** Where Mesos' masters contend ({@code --zk=zk://host:port/mesos}). */
  public static final String GROUP = "/mesos";

  /** What the masters share: their clock, loop, registry, settings, and the cluster's agents. */
  public record Shared(Clock clock, EventLoop loop, Registry registry, MasterSettings settings,
      LeadingMaster router, Supplier<List<? extends AgentLink>> agents, String zkConnect) {

    public Shared {
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(loop, "loop");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(router, "router");
      Objects.requireNonNull(agents, "agents");
      Objects.requireNonNull(zkConnect, "zkConnect");
    }
  }

  private final int index;
  private final Shared shared;
  private final Runnable onLostLeadership;
  private MasterInfo info;
  private MasterContender contender;
  /** Loop-owned: the master while this process leads, who leads as last seen, whether alive. */
  private Master leading;
  private Optional<MasterInfo> leader = Optional.empty();
  private boolean alive;

  /**
   * @param onLostLeadership what happens to a leader whose ZooKeeper membership another master
   *     overtook: as a Mesos master, it must die (mesos-local stops it)
   */
  public MasterProcess(int index, Shared shared, Runnable onLostLeadership) {
    this.index = index;
    this.shared = Objects.requireNonNull(shared);
    this.onLostLeadership = Objects.requireNonNull(onLostLeadership);
  }

  /** Starts as a new process at this address: a new id, then its candidacy in ZooKeeper. */
  public void start(String ip, int port) throws IOException {
    MasterInfo fresh = MasterFactory.info(ip, port);
    MasterContender candidacy = new MasterContender(shared.zkConnect(), GROUP,
        MesosJson.encode(fresh), seen -> shared.loop().post(() -> detected(seen)),
        "master-" + index);
    shared.loop().run(() -> {
      info = fresh;
      contender = candidacy;
      alive = true;
      leader = Optional.empty();
    });
    LOG.info("Master {} ({}) starting at {}:{}", index, fresh.getId(), ip, port);
    candidacy.start();
  }

  private void detected(Optional<MasterInfo> seen) {
    if (!alive) {
      return;
    }
    leader = seen;
    boolean self = seen.map(l -> l.getId().equals(info.getId())).orElse(false);
    if (self && leading == null) {
      elect();
    } else if (!self && leading != null) {
      LOG.warn("Master {} ({}) lost its leadership to {}; it dies, as a Mesos master does",
          index, info.getId(), seen.map(MasterInfo::getId).orElse("nobody"));
      abdicate();
      onLostLeadership.run();
    }
  }

  private void elect() {
    LOG.info("Master {} ({}) elected; recovering the registry", index, info.getId());
    leading = MasterFactory.create(shared.clock(), shared.loop().scope(), info,
        shared.registry(), shared.settings());
    // agents talk to the new leader from now on: what they resend on re-registering reaches it
    shared.router().lead(leading);
    leading.recover(shared.agents().get());
  }

  private void abdicate() {
    if (leading != null) {
      leading.die();
      shared.router().abdicate(leading);
      leading = null;
    }
  }

  /**
   * The process dies: its membership ends (the node vanishes with its session), and if it led,
   * its master stops. Its HTTP server is closed by the caller, which ends its streams.
   */
  public void kill() {
    MasterContender candidacy = die();
    if (candidacy != null) {
      candidacy.close();
    }
    LOG.info("Master {} stopped", index);
  }

  /**
   * The process crashes: as {@link #kill}, but its ZooKeeper session is left to expire, so its node
   * (and, if it led, its leadership in the others' eyes) outlives it by the session timeout.
   */
  public void crash() {
    MasterContender candidacy = die();
    if (candidacy != null) {
      candidacy.crash();
    }
    LOG.info("Master {} crashed; its ZooKeeper entry stays until its session expires", index);
  }

  private MasterContender die() {
    return shared.loop().call(() -> {
      alive = false;
      abdicate();
      leader = Optional.empty();
      return contender;
    });
  }

  // ---- on the event loop ----

  /** The master, while this process leads. */
  public Optional<Master> leading() {
    return Optional.ofNullable(leading);
  }

  /** Who leads as this process knows it (itself, while it leads); empty when nobody does. */
  public Optional<MasterInfo> leader() {
    return leading != null ? Optional.of(info) : leader;
  }

  public boolean alive() {
    return alive;
  }

  /** This process' info (its id changes at every start). */
  public MasterInfo info() {
    return info;
  }

  public int index() {
    return index;
  }
}
