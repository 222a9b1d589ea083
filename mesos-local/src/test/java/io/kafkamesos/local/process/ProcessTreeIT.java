package io.kafkamesos.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.local.it.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Containers of real processes: a shell that starts children, killed in different ways. */
class ProcessTreeIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** A shell in a session of its own that starts two sleeps and writes their pids to a file. */
  private Process shell(Path pids) throws IOException {
    Process p = new ProcessBuilder(ProcessTree.command(List.of("/bin/sh", "-c",
        "sleep 300 & echo $! >> " + pids + "; sleep 301 & echo $! >> " + pids + "; wait")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    started.add(p);
    return p;
  }

  private static List<ProcessHandle> children(Path pids) {
    return Poll.until("the shell's two children", TIMEOUT, () -> {
      try {
        List<String> lines = Files.exists(pids) ? Files.readAllLines(pids) : List.of();
        return lines.size() == 2 ? Optional.of(lines.stream()
            .map(l -> ProcessHandle.of(Long.parseLong(l.trim())).orElseThrow()).toList())
            : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  @Test
  void theSessionFindsOrphansThatNoScanSawBeforeTheirShellDied() throws Exception {
    Path pids = Files.createTempFile("tree-", ".pids");
    Process shell = shell(pids);
    ProcessTree tree = ProcessTree.started(shell); // noted before the shell started anything
    List<ProcessHandle> children = children(pids);
    assertThat(tree.hasSession()).as("started with setsid").isTrue();
    assertThat(ProcTable.sessionOf(shell.pid())).contains(shell.pid());

    shell.destroyForcibly(); // SIGKILL from outside: the sleeps are orphans of init now
    shell.waitFor();
    assertThat(children).allMatch(ProcessHandle::isAlive);
    assertThat(children).allMatch(c -> c.parent().map(p -> p.pid() != shell.pid()).orElse(true));

    assertThat(tree.leftovers()).containsExactlyInAnyOrderElementsOf(children);
    tree.kill();
    Poll.until("the orphans killed", TIMEOUT,
        () -> children.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(tree.anyAlive()).isFalse();
    Files.deleteIfExists(pids);
  }

  @Test
  void stopEndsTheShellAndItsChildren() throws Exception {
    Path pids = Files.createTempFile("tree-", ".pids");
    Process shell = shell(pids);
    List<ProcessHandle> children = children(pids);
    ProcessTree tree = ProcessTree.of(shell.toHandle());

    List<Long> survivors = tree.stop(Duration.ofSeconds(5));

    assertThat(survivors).isEmpty();
    assertThat(shell.isAlive()).isFalse();
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    Files.deleteIfExists(pids);
  }

  @Test
  void aLeftoverSessionIsFoundByThePidOfItsDeadLeader() throws Exception {
    Path pids = Files.createTempFile("tree-", ".pids");
    Process shell = shell(pids);
    List<ProcessHandle> children = children(pids);
    long leader = shell.pid();
    shell.destroyForcibly();
    shell.waitFor();

    ProcessTree leftover = ProcessTree.ofLeftover(leader, Optional.empty());

    assertThat(leftover.alive()).containsExactlyInAnyOrderElementsOf(children);
    leftover.kill();
    Poll.until("the leftovers killed", TIMEOUT,
        () -> children.stream().noneMatch(ProcessHandle::isAlive));
    Files.deleteIfExists(pids);
  }

  @Test
  void aProcessStartedWithoutSetsidIsNoSessionSoNothingOutsideItsTreeIsTouched() throws Exception {
    Process plain = new ProcessBuilder("sleep", "300").start();
    started.add(plain);

    ProcessTree tree = ProcessTree.of(plain.toHandle());

    assertThat(tree.hasSession()).isFalse();
    assertThat(tree.alive()).containsExactly(plain.toHandle());
    tree.kill();
    Poll.until("sleep killed", TIMEOUT, () -> !plain.isAlive());
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }
}
