package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kafkamesos.local.MesosLocalConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents' fetcher cache as Mesos keeps it (docs/fetcher.md): a URI with {@code cache} is
 * downloaded once per agent and user, then served from {@code <fetcher_cache_dir>/slaves/<agent>};
 * an archive from the cache is extracted into the sandbox without its own copy there; a URI without
 * {@code cache} is downloaded every time; concurrent fetches of one URI share one download; the
 * cache keeps within {@code --fetcher_cache_size} by evicting the least recently used file, and a
 * file larger than the whole cache bypasses it. The URIs are served over HTTP by the test, which
 * counts the downloads and can hold one back.
 */
class FetcherCacheIT {

  /** Room for two of the 20 KB archives below, not three. */
  private static final long CACHE_SIZE = 50 * 1024;

  @TempDir
  static Path work;
  @TempDir
  static Path cacheDir;
  @TempDir
  static Path served;
  static LocalCluster cluster;
  static HttpServer http;
  static final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
  /** GETs of {@code held.tar.gz} wait for this (the test of concurrent fetches opens it). */
  static final CountDownLatch release = new CountDownLatch(1);
  static final CountDownLatch heldStarted = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    for (String name : List.of("alpha", "first", "second", "third", "held", "plain")) {
      archive(name, 20 * 1024);
    }
    archive("huge", 80 * 1024);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.createContext("/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring(1);
      Path file = served.resolve(name);
      if (!Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      byte[] body = Files.readAllBytes(file);
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(body.length));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
        return;
      }
      downloads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      if (name.equals("held.tar.gz")) {
        heldStarted.countDown();
        await(release);
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    cluster = LocalCluster.start(MesosLocalConfig.defaults(work).withAgents(1)
        .withResources("cpus:4;mem:4096;disk:20000;ports:[31000-32000]")
        .withFetcherCacheDir(cacheDir).withFetcherCacheSize(CACHE_SIZE));
  }

  @AfterAll
  static void stop() {
    release.countDown();
    if (cluster != null) {
      cluster.close();
    }
    if (http != null) {
      http.stop(0);
    }
  }

  @AfterEach
  void teardown() {
    cluster.teardownFrameworks();
  }

  @Test
  void aCachedUriIsDownloadedOnceAndExtractedFromTheCache() throws Exception {
    TestFramework framework = cluster.framework("cached");
    TaskInfo first = run(framework, "miss", uri("alpha.tar.gz", true));
    assertThat(downloads.get("alpha.tar.gz")).hasValue(1);
    assertThat(stderr(framework, first)).contains("Downloading into cache").contains("Extracted");
    assertThat(cacheFiles()).isNotEmpty();

    TaskInfo second = run(framework, "hit", uri("alpha.tar.gz", true));
    assertThat(downloads.get("alpha.tar.gz")).as("the second fetch reads the cache").hasValue(1);
    assertThat(stderr(framework, second)).contains("Fetching from cache")
        .doesNotContain("Downloading into cache");
    assertThat(Files.exists(sandbox(framework, second).resolve("alpha.tar.gz")))
        .as("an archive from the cache is extracted, not copied, into the sandbox").isFalse();
    assertThat(sandbox(framework, second).resolve("alpha/payload.bin")).hasSize(20 * 1024);
  }

  @Test
  void aUriWithoutCacheIsDownloadedEveryTime() throws Exception {
    TestFramework framework = cluster.framework("uncached");
    TaskInfo one = run(framework, "plain-1", uri("plain.tar.gz", false));
    TaskInfo two = run(framework, "plain-2", uri("plain.tar.gz", false));
    assertThat(downloads.get("plain.tar.gz")).hasValue(2);
    for (TaskInfo task : List.of(one, two)) {
      assertThat(stderr(framework, task)).contains("Fetching directly into the sandbox directory");
      // without the cache the archive stays in the sandbox beside what it unpacked, as in Mesos
      assertThat(sandbox(framework, task).resolve("plain.tar.gz")).exists();
      assertThat(sandbox(framework, task).resolve("plain/payload.bin")).exists();
    }
  }

  @Test
  void concurrentFetchesOfOneUriShareOneDownload() throws Exception {
    TestFramework framework = cluster.framework("concurrent");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo a = task(offer, "together-a", uri("held.tar.gz", true));
    TaskInfo b = task(offer, "together-b", uri("held.tar.gz", true));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(a, b)));
    assertThat(heldStarted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Poll.until("the second fetch waits for the first's download", TIMEOUT,
        () -> stderr(framework, a).contains("Waiting for the download")
            || stderr(framework, b).contains("Waiting for the download"));
    release.countDown();
    for (TaskInfo task : List.of(a, b)) {
      Properties report = TestExecutor.report(framework.awaitUpdate(mark, task.getTaskId(),
          TaskState.TASK_RUNNING, TIMEOUT));
      assertThat(report.getProperty("file.held/payload.bin")).isNotEqualTo("absent");
    }
    assertThat(downloads.get("held.tar.gz")).as("one download for both").hasValue(1);
  }

  @Test
  void theLeastRecentlyUsedFileIsEvictedAndAFileLargerThanTheCacheBypassesIt() throws Exception {
    TestFramework framework = cluster.framework("evicting");
    run(framework, "lru-1", uri("second.tar.gz", true));
    run(framework, "lru-2", uri("third.tar.gz", true));
    run(framework, "lru-3", uri("second.tar.gz", true)); // second is now the most recently used
    int thirdBefore = downloads.get("third.tar.gz").get();
    int secondBefore = downloads.get("second.tar.gz").get();
    assertThat(secondBefore).isEqualTo(1);

    // a fourth archive needs room: the least recently used file that no fetch uses goes
    TaskInfo fourth = run(framework, "lru-4", uri("first.tar.gz", true));
    assertThat(stderr(framework, fourth)).contains("Downloading into cache");
    assertThat(cacheBytes()).isLessThanOrEqualTo(CACHE_SIZE);
    run(framework, "lru-5", uri("second.tar.gz", true));
    assertThat(downloads.get("second.tar.gz")).as("second stayed in the cache").hasValue(secondBefore);
    run(framework, "lru-6", uri("third.tar.gz", true));
    assertThat(downloads.get("third.tar.gz")).as("third was evicted, so fetched again")
        .hasValue(thirdBefore + 1);

    TaskInfo huge = run(framework, "too-big", uri("huge.tar.gz", true));
    assertThat(stderr(framework, huge)).contains("Reverting to fetching directly into the sandbox")
        .contains("larger");
    assertThat(sandbox(framework, huge).resolve("huge/payload.bin")).hasSize(80 * 1024);
    assertThat(cacheBytes()).isLessThanOrEqualTo(CACHE_SIZE);
  }

  // ---- helpers ----

  private static CommandInfo.URI uri(String name, boolean cache) {
    return CommandInfo.URI.newBuilder().setValue("http://127.0.0.1:" + http.getAddress().getPort()
        + "/" + name).setExtract(true).setCache(cache).build();
  }

  private static TaskInfo task(Offer offer, String id, CommandInfo.URI uri) {
    String dir = uri.getValue().substring(uri.getValue().lastIndexOf('/') + 1).replace(".tar.gz", "");
    TaskInfo base = TestTasks.task(id, offer, Map.of("check.files", dir + "/payload.bin"),
        List.of(TestTasks.scalar("cpus", 0.1, offer.getAllocationInfo()),
            TestTasks.scalar("mem", 32, offer.getAllocationInfo())));
    return base.toBuilder().setExecutor(base.getExecutor().toBuilder().setCommand(
        base.getExecutor().getCommand().toBuilder().addUris(uri))).build();
  }

  /** Launches one task fetching {@code uri} and waits until it runs (its fetch is over then). */
  private static TaskInfo run(TestFramework framework, String id, CommandInfo.URI uri) {
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = task(offer, id, uri);
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    return task;
  }

  private static Path sandbox(TestFramework framework, TaskInfo task) throws IOException {
    Path runs = work.resolve("agents").resolve(cluster.mesos().agentIds().get(0))
        .resolve("frameworks").resolve(framework.frameworkId().getValue()).resolve("executors")
        .resolve(task.getExecutor().getExecutorId().getValue()).resolve("runs");
    try (Stream<Path> dirs = Files.list(runs)) {
      return dirs.findFirst().orElseThrow();
    }
  }

  private static String stderr(TestFramework framework, TaskInfo task) {
    try {
      Path file = sandbox(framework, task).resolve("stderr");
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException | java.util.NoSuchElementException e) {
      return "";
    }
  }

  private static List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.walk(cacheDir.resolve("slaves"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static long cacheBytes() throws IOException {
    long total = 0;
    for (Path file : cacheFiles()) {
      total += Files.size(file);
    }
    return total;
  }

  /** {@code <name>.tar.gz} holding {@code <name>/payload.bin} of random (incompressible) bytes. */
  private static void archive(String name, int bytes) throws Exception {
    Path content = Files.createDirectories(served.resolve("src-" + name).resolve(name));
    byte[] random = new byte[bytes];
    new java.util.Random(name.hashCode()).nextBytes(random);
    Files.write(content.resolve("payload.bin"), random);
    Process tar = new ProcessBuilder("tar", "czf", served.resolve(name + ".tar.gz").toString(),
        "-C", content.getParent().toString(), name).inheritIO().start();
    assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
