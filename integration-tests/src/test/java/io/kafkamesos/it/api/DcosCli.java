package io.kafkamesos.it.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/dcos kafka ...} as a user runs it: a child process per command, pointed straight at the
 * scheduler with {@code KAFKA_SERVICE_URL} and with its own CLI config directory ({@code DCOS_DIR}).
 */
final class DcosCli {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path script;
  private final String serviceUrl;
  private final Path dcosDir;

  DcosCli(Path script, String serviceUrl, Path dcosDir) {
    this.script = requireNonNull(script, "script");
    this.serviceUrl = requireNonNull(serviceUrl, "serviceUrl");
    this.dcosDir = requireNonNull(dcosDir, "dcosDir");
  }

  /**
   * The CLI of this build; fails at once if its jar was not built (bin/dcos would otherwise run
   * Maven to build it, in the middle of a test).
   */
  static DcosCli of(String serviceUrl, Path dcosDir) {
    Path script = Path.of(System.getProperty("dcos.script"));
    Path jar = Path.of(System.getProperty("kafka.cli.jar"));
    if (!Files.isExecutable(script) || !Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the CLI first (mvn -pl kafka-cli package): " + script + ", " + jar);
    }
    return new DcosCli(script, serviceUrl, dcosDir);
  }

  /** What one command did. */
  record Run(List<String> command, int exitCode, String stdout, String stderr) {
    /** Its standard output as JSON, as the CLI prints the API's answer. */
    JsonNode json() {
      try {
        return MAPPER.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("not JSON from " + command + ": " + stdout + "\nstderr: " + stderr, e);
      }
    }

    @Override
    public String toString() {
      return command + " -> exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  /** Runs {@code dcos kafka --framework-name=kafka0 <words>}, as the seed writes its examples. */
  Run kafka(String... words) {
    List<String> command = new ArrayList<>(List.of(script.toString(), "kafka", "--framework-name=kafka0"));
    command.addAll(List.of(words));
    return run(command);
  }

  private Run run(List<String> command) {
    try {
      Path out = Files.createTempFile(dcosDir, "out-", ".txt");
      Path err = Files.createTempFile(dcosDir, "err-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().put("KAFKA_SERVICE_URL", serviceUrl);
      builder.environment().put("DCOS_DIR", dcosDir.toString());
      builder.environment().remove("DCOS_URI");
      Process process = builder.start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the CLI did not finish in 3 minutes: " + command);
      }
      Run run = new Run(command, process.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
