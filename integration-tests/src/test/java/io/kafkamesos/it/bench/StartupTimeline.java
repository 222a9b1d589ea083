package io.kafkamesos.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Where one broker's start-up time went, read after the fact from what each part logs with a
 * timestamp (all on this machine, so their clocks agree): the scheduler's log (subscribed, the
 * ACCEPT that launched the broker, TASK_RUNNING seen), the sandbox's {@code stderr} (mesos-local's
 * fetcher, as Mesos' fetcher writes there), the executor's {@code stdout} (its JVM start, its
 * subscription to the agent, the LAUNCH received, the broker JVM started, TASK_RUNNING sent) and the registration's creation time in ZooKeeper.
 *
 * <p>Every instant is epoch milliseconds; a phase that could not be found is -1.
 */
record StartupTimeline(int brokerId, int launches, long schedulerStart, long apiUp, long subscribed,
    long accepted, long fetchStart, long extractStart, long fetched, long executorJvm,
    long executorMain, long executorSubscribed, long launchReceived, long brokerJvm, long registered,
    long runningSent, long runningSeen) {

  private static final DateTimeFormatter LOGBACK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);
  private static final Pattern TIMESTAMP =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})");
  private static final Pattern JVM_AGE = Pattern.compile("starting (\\d+) ms after its JVM");

  /** The phases, as the benchmark prints them: name and the two instants it lies between. */
  static final List<String> PHASES = List.of("start→API up", "API up→subscribed",
      "subscribed→ACCEPT", "ACCEPT→fetch start", "fetch (copy)", "unpack", "fetched→executor JVM",
      "executor JVM→main", "main→executor subscribed", "subscribed→LAUNCH", "LAUNCH→broker JVM",
      "broker JVM→registered", "registered→TASK_RUNNING",
      "TASK_RUNNING→scheduler");

  /** Each phase's length in ms, in {@link #PHASES} order (-1 where a boundary is unknown). */
  long[] phases() {
    long[] at = {schedulerStart, apiUp, subscribed, accepted, fetchStart, extractStart, fetched,
        executorJvm, executorMain, executorSubscribed, launchReceived, brokerJvm, registered,
        runningSent, runningSeen};
    long[] out = new long[at.length - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = at[i] < 0 || at[i + 1] < 0 ? -1 : at[i + 1] - at[i];
    }
    return out;
  }

  long total() {
    return registered < 0 ? -1 : registered - schedulerStart;
  }

  /**
   * Reads broker {@code brokerId}'s timeline.
   *
   * @param workDir mesos-local's work dir (its agents' sandboxes)
   * @param schedulerLog the scheduler's log
   * @param chroot Kafka's chroot in {@code zk}, e.g. {@code /bench3}
   */
  static StartupTimeline read(int brokerId, long schedulerStart, long apiUp, Path workDir,
      Path schedulerLog, ZooKeeper zk, String chroot) {
    List<String> scheduler = lines(schedulerLog);
    long subscribed = first(scheduler, "Subscribed as framework");
    long accepted = last(scheduler, "Broker " + brokerId + ": launching task");
    long runningSeen = last(scheduler, "Broker " + brokerId + ": ", "-> RUNNING");
    List<Path> sandboxes = sandboxes(workDir, brokerId);
    Path sandbox = sandboxes.isEmpty() ? null : sandboxes.get(sandboxes.size() - 1);
    List<String> stderr = sandbox == null ? List.of() : lines(sandbox.resolve("stderr"));
    List<String> stdout = sandbox == null ? List.of() : lines(sandbox.resolve("stdout"));
    long fetchStart = first(stderr, "fetcher: Fetching URI");
    long fetched = last(stderr, "URIs into");
    long extracted = first(stderr, "fetcher: Extracted");
    long extractStart = extracted < 0 ? fetched : previous(stderr, "fetcher: Extracted");
    long main = first(stdout, "ms after its JVM");
    long jvm = -1;
    for (String line : stdout) {
      Matcher m = JVM_AGE.matcher(line);
      if (m.find() && main >= 0) {
        jvm = main - Long.parseLong(m.group(1));
        break;
      }
    }
    long executorSubscribed = first(stdout, "subscribed with agent");
    long launchReceived = first(stdout, ": launching task");
    long brokerJvm = first(stdout, "broker " + brokerId + ": pid ");
    long runningSent = first(stdout, "TASK_RUNNING");
    long registered = ctime(zk, chroot + "/brokers/ids/" + brokerId).orElse(-1);
    return new StartupTimeline(brokerId, sandboxes.size(), schedulerStart, apiUp, subscribed,
        accepted, fetchStart, extractStart, fetched, jvm, main, executorSubscribed, launchReceived,
        brokerJvm, registered, runningSent, runningSeen);
  }

  /** When the znode was created, by ZooKeeper's clock (this machine's). */
  static OptionalLong ctime(ZooKeeper zk, String path) {
    try {
      Stat stat = zk.exists(path, false);
      return stat == null ? OptionalLong.empty() : OptionalLong.of(stat.getCtime());
    } catch (Exception e) {
      return OptionalLong.empty();
    }
  }

  /** The broker's executor sandboxes, oldest first (more than one when it was relaunched). */
  static List<Path> sandboxes(Path workDir, int brokerId) {
    Path agents = workDir.resolve("agents");
    if (!Files.isDirectory(agents)) {
      return List.of();
    }
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> paths = Files.walk(agents, 8)) {
        return paths.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("runs"))
            .filter(p -> p.getParent().getParent().getFileName().toString()
                .startsWith("broker-" + brokerId + "__executor__"))
            .sorted(Comparator.comparingLong(StartupTimeline::created))
            .toList();
      } catch (UncheckedIOException | IOException e) {
        // the agents write their checkpoints beside (a temporary file renamed into place): a file
        // can vanish between the listing of its directory and the look at it; look again
        if (attempt == 5) {
          throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
        }
      }
    }
  }

  private static long created(Path dir) {
    List<String> stderr = lines(dir.resolve("stderr"));
    return stderr.isEmpty() ? Long.MAX_VALUE : at(stderr.get(0)).orElse(Long.MAX_VALUE);
  }

  static List<String> lines(Path file) {
    try {
      return file != null && Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  static Optional<Long> at(String line) {
    Matcher m = TIMESTAMP.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(LocalDateTime.parse(m.group(1), LOGBACK).atZone(ZoneId.systemDefault())
        .toInstant().toEpochMilli());
  }

  private static long first(List<String> lines, String needle) {
    for (String line : lines) {
      if (line.contains(needle)) {
        return at(line).orElse(-1L);
      }
    }
    return -1;
  }

  private static long last(List<String> lines, String... needles) {
    long found = -1;
    for (String line : lines) {
      if (java.util.Arrays.stream(needles).allMatch(line::contains)) {
        found = at(line).orElse(found);
      }
    }
    return found;
  }

  /** The time of the timestamped line before the first one with {@code needle}. */
  private static long previous(List<String> lines, String needle) {
    long before = -1;
    for (String line : lines) {
      if (line.contains(needle)) {
        return before;
      }
      before = at(line).orElse(before);
    }
    return -1;
  }

  /** The medians of each phase over several timelines, in ms. */
  static long[] medians(List<StartupTimeline> timelines) {
    long[] out = new long[PHASES.size()];
    for (int i = 0; i < out.length; i++) {
      List<Long> values = new ArrayList<>();
      for (StartupTimeline t : timelines) {
        long v = t.phases()[i];
        if (v >= 0) {
          values.add(v);
        }
      }
      values.sort(Long::compare);
      out[i] = values.isEmpty() ? -1 : values.get(values.size() / 2);
    }
    return out;
  }
}
