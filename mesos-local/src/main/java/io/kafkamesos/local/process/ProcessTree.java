package io.kafkamesos.local.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one container (an agent's executor, a Marathon task): a root process and
 * everything it started, which live and die together, as in a Mesos container, where a cgroup or
 * the posix launcher's session holds them and destroying the container kills them all.
 *
 * <p>mesos-local has no cgroups (it runs unprivileged), so it combines two ways of knowing the
 * members, because each alone misses some:
 * <ul>
 *   <li>A <b>session</b>: {@link #command} starts the root with {@code setsid}, and every process
 *       it forks stays in that session wherever it is re-parented (an orphan whose parent died goes
 *       to init, out of the root's tree, but keeps its session id). The kernel does not reuse a pid
 *       that is still some process' session id, so the session finds the orphans even after the
 *       root died and without any scan having seen them (a child forked a moment before the
 *       shell was killed). It misses only a process that calls {@code setsid} itself (a daemon).
 *   <li>The root's <b>descendants, noted</b> at every {@link #note} (the owner calls it every
 *       second), which catches a daemon while it still is a descendant.
 * </ul>
 * A process group would be weaker than the session: a shell with job control moves its jobs into
 * groups of their own, but never out of the session. The session is used only when the root
 * really leads one (its session id is its pid), never for a process started without
 * {@code setsid}, whose session is the one of mesos-local's own terminal.
 *
 * <p>Thread-safe. Killing uses {@link ProcessHandle}s, which check the start time, so a pid reused
 * by an unrelated process is never signalled.
 */
public final class ProcessTree {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
  private static final Optional<String> SETSID = findSetsid();

  /** Empty when the root is gone (a leftover of an earlier mesos-local). */
  private final Optional<ProcessHandle> root;
  private final Optional<Long> session;
  private final Set<ProcessHandle> noted = new LinkedHashSet<>();

  private ProcessTree(Optional<ProcessHandle> root, Optional<Long> session) {
    this.root = Objects.requireNonNull(root, "root");
    this.session = Objects.requireNonNull(session, "session");
  }

  /**
   * The command line that starts {@code argv} as the leader of a session of its own (with the same
   * pid: {@code setsid} only execs), or {@code argv} unchanged where there is no {@code setsid}.
   */
  public static List<String> command(List<String> argv) {
    if (SETSID.isEmpty()) {
      return List.copyOf(argv);
    }
    List<String> command = new ArrayList<>(List.of(SETSID.get(), "--wait"));
    command.addAll(argv);
    return command;
  }

  /**
   * The container of a process just started with {@link #command}: its session is its pid even
   * before {@code setsid} has run (the process may still be on its way to it; no other process can
   * have a session of that id, since the pid is new).
   */
  public static ProcessTree started(Process process) {
    ProcessHandle root = process.toHandle();
    ProcessTree tree = new ProcessTree(Optional.of(root),
        SETSID.isPresent() ? Optional.of(root.pid()) : Optional.empty());
    tree.note();
    return tree;
  }

  /**
   * The container of a root process that has run for a while (one an earlier mesos-local
   * started): its session when it leads one, else its descendants only.
   */
  public static ProcessTree of(ProcessHandle root) {
    Optional<Long> session = ProcTable.sessionOf(root.pid()).filter(s -> s == root.pid());
    ProcessTree tree = new ProcessTree(Optional.of(root), session);
    tree.note();
    return tree;
  }

  /**
   * The container of a root that an earlier mesos-local started, which may have died since,
   * leaving processes of its session behind.
   *
   * @param root the root if it still runs (the caller checked its start time), else empty: then
   *     the processes of the session {@code pid} led are the container, unless the pid is held by
   *     another process now (reused: the session is not ours, nothing is known)
   */
  public static ProcessTree ofLeftover(long pid, Optional<ProcessHandle> root) {
    if (root.isPresent()) {
      return of(root.get());
    }
    boolean reused = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    ProcessTree tree = new ProcessTree(Optional.empty(),
        reused ? Optional.empty() : Optional.of(pid));
    tree.note();
    return tree;
  }

  /** The root process, if known and alive when this tree was made. */
  public Optional<ProcessHandle> root() {
    return root;
  }

  /** Whether the members are known by their session as well (setsid was there). */
  public boolean hasSession() {
    return session.isPresent();
  }

  /** Notes the members alive now, so that they are found after the root is gone. */
  public synchronized void note() {
    noted.removeIf(p -> !p.isAlive());
    root.filter(ProcessHandle::isAlive).ifPresent(r -> r.descendants().forEach(noted::add));
    session.ifPresent(s -> ProcTable.read().inSession(s)
        .forEach(pid -> ProcessHandle.of(pid).ifPresent(noted::add)));
    root.ifPresent(noted::remove);
    // never mesos-local itself, or what started it
    noted.remove(ProcessHandle.current());
    ProcessHandle.current().parent().ifPresent(noted::remove);
  }

  /** The members alive now, the root first (if alive). */
  public synchronized List<ProcessHandle> alive() {
    note();
    List<ProcessHandle> alive = new ArrayList<>();
    root.filter(ProcessHandle::isAlive).ifPresent(alive::add);
    noted.stream().filter(ProcessHandle::isAlive).forEach(alive::add);
    return alive;
  }

  /** The members other than the root that are alive (what a root that ended left behind). */
  public synchronized List<ProcessHandle> leftovers() {
    note();
    return noted.stream().filter(ProcessHandle::isAlive).toList();
  }

  public boolean anyAlive() {
    return !alive().isEmpty();
  }

  /** SIGTERM to every member. */
  public void terminate() {
    alive().forEach(ProcessHandle::destroy);
  }

  /**
   * SIGKILL to every member, again for what a member forked while the first round was sent (a
   * few rounds, without waiting).
   */
  public void kill() {
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> alive = alive();
      if (alive.isEmpty()) {
        return;
      }
      alive.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * Stops the container and waits: SIGTERM to every member, up to {@code grace} for them to
   * end, SIGKILL to what is left, then up to 5 s more.
   *
   * @return the pids still alive after all that (normally none)
   */
  public List<Long> stop(Duration grace) {
    terminate();
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && anyAlive()) {
      sleep(50);
    }
    List<ProcessHandle> left = alive();
    if (!left.isEmpty()) {
      LOG.info("Processes {} did not end within {} of SIGTERM; killing them", pids(left), grace);
      kill();
    }
    long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < killDeadline && anyAlive()) {
      kill();
      sleep(50);
    }
    List<Long> survivors = pids(alive());
    if (!survivors.isEmpty()) {
      LOG.warn("Processes {} still run after SIGKILL", survivors);
    }
    return survivors;
  }

  /** The pids of some processes, for log lines. */
  public static List<Long> pids(List<ProcessHandle> processes) {
    return processes.stream().map(ProcessHandle::pid).collect(Collectors.toList());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code setsid} with {@code --wait} (so that, should it ever have to fork, it stays the parent
   * and passes the exit status on), where it exists and works; checked once by running it.
   */
  private static Optional<String> findSetsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (!Files.isExecutable(Path.of(candidate))) {
        continue;
      }
      try {
        Process p = new ProcessBuilder(candidate, "--wait", "true")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return Optional.of(candidate);
        }
        p.destroyForcibly();
      } catch (IOException e) {
        LOG.debug("{} does not run: {}", candidate, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    LOG.warn("No working setsid on this machine: a container's processes are known only as the"
        + " descendants seen every second, so a child whose parent dies within a second of"
        + " starting it may outlive its container");
    return Optional.empty();
  }
}
