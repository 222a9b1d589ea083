package io.kafkamesos.it.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/dcos} of this checkout as a user runs it: a process with {@code DCOS_URI} and
 * {@code DCOS_DIR} (whose {@code kafka-package-defaults.json} points the package at the test's
 * mesos-local).
 */
final class DcosCli {

  /** What a command printed and how it ended. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final Path root;
  private final String dcosUri;
  private final Path dcosDir;

  DcosCli(Path root, String dcosUri, Path dcosDir) {
    this.root = root;
    this.dcosUri = dcosUri;
    this.dcosDir = dcosDir;
  }

  /** The checkout, found from the scheduler config the build points the tests at. */
  static Path checkout() {
    return Path.of(System.getProperty("scheduler.config")).toAbsolutePath().getParent()
        .getParent().normalize();
  }

  Path root() {
    return root;
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/dcos").toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("dcos-out", ".txt");
      Path err = Files.createTempFile("dcos-err", ".txt");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("DCOS_URI", dcosUri);
        builder.environment().put("DCOS_DIR", dcosDir.toString());
        builder.environment().remove("KAFKA_PACKAGE_DEFAULTS");
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("dcos " + String.join(" ", args) + " did not end in 180 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
