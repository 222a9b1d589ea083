package io.kafkamesos.it.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Headless Chromium as a test fixture: the page's DOM after its scripts ran, or a screenshot. */
final class Chromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private final Path binary;
  private final Path workDir;

  private Chromium(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /** Set to {@code true} ({@code -Dchromium.skip=true}) to skip the browser checks on purpose. */
  static final String SKIP_PROPERTY = "chromium.skip";

  /**
   * The browser the test must use: found or installed ({@link #findOrInstall}); when it cannot be
   * had the test fails, so that no run (CI's least of all) goes green without the page having been
   * opened. Only an explicit {@code -Dchromium.skip=true} skips it (a JUnit assumption).
   */
  static Chromium require(Path workDir) throws IOException, InterruptedException {
    Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY),
        "-D" + SKIP_PROPERTY + "=true: the status page is not checked in a browser");
    Optional<Chromium> found = findOrInstall(workDir);
    if (found.isEmpty()) {
      Path log = workDir.resolve("apt-get.log");
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
      throw new AssertionError("No headless Chromium (" + String.join(", ", NAMES) + " on the PATH)"
          + " and it could not be installed" + (tail.isEmpty() ? " (installing needs root and"
          + " apt-get: apt-get install chromium)" : ": apt-get said " + tail)
          + "; run with -D" + SKIP_PROPERTY + "=true to skip the browser checks on purpose");
    }
    return found.get();
  }

  /**
   * The browser on the PATH; when there is none and we may install packages (root, apt-get), Debian's
   * {@code chromium} package is installed first, so that a clean machine runs the test as CI does.
   */
  static Optional<Chromium> findOrInstall(Path workDir) throws IOException, InterruptedException {
    Optional<Chromium> found = find(workDir);
    if (found.isEmpty() && "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      Process install = new ProcessBuilder("/bin/sh", "-c",
          "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium")
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("apt-get.log").toFile())
          .start();
      if (!install.waitFor(10, TimeUnit.MINUTES)) {
        install.destroyForcibly();
      }
      found = find(workDir);
    }
    return found;
  }

  /** The browser on the PATH, if there is one. */
  static Optional<Chromium> find(Path workDir) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(new Chromium(candidate, workDir));
        }
      }
    }
    return Optional.empty();
  }

  /** The DOM after {@code virtualMillis} of the page's own time (its fetches and timers). */
  String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "dom-", ".html");
    run(List.of("--virtual-time-budget=" + virtualMillis, "--dump-dom", url), out);
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** A PNG of the page, to look at by hand. */
  void screenshot(String url, Path png, int virtualMillis) throws IOException, InterruptedException {
    run(List.of("--virtual-time-budget=" + virtualMillis, "--window-size=1280,1100",
        "--screenshot=" + png.toAbsolutePath(), url), workDir.resolve("screenshot.out"));
  }

  private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile));
    command.addAll(args);
    Process process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(workDir.resolve("chromium.err").toFile())
        .start();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish within 90 s: " + command);
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
