package io.kafkamesos.it;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/dcos} of this checkout as a user runs it: a child process per command, with its own
 * CLI config directory ({@code DCOS_DIR}), pointed either at a DC/OS ({@code DCOS_URI}: Marathon,
 * the master and the {@code /service/<name>} proxy, as {@link #throughDcos}) or straight at one
 * scheduler ({@code KAFKA_SERVICE_URL}, as {@link #direct}). Fails at once if the CLI's jar was not
 * built (bin/dcos would otherwise run Maven to build it, in the middle of a test).
 */
public final class DcosCli {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final Path script;
  private final Map<String, String> env;
  private final Path dcosDir;
  private final String frameworkName;

  private DcosCli(Path script, Map<String, String> env, Path dcosDir, String frameworkName) {
    this.script = requireNonNull(script, "script");
    this.env = Map.copyOf(env);
    this.dcosDir = requireNonNull(dcosDir, "dcosDir");
    this.frameworkName = requireNonNull(frameworkName, "frameworkName");
  }

  /** Kafka commands go straight to the scheduler at {@code serviceUrl}. */
  public static DcosCli direct(String serviceUrl, Path dcosDir) {
    return new DcosCli(script(), Map.of("KAFKA_SERVICE_URL", serviceUrl), dcosDir, "kafka0");
  }

  /** Every command goes to the DC/OS at {@code dcosUri} (mesos-local's master URL). */
  public static DcosCli throughDcos(String dcosUri, Path dcosDir) {
    return new DcosCli(script(), Map.of("DCOS_URI", dcosUri), dcosDir, "kafka0");
  }

  /** The same CLI with one more variable in its environment ({@code DCOS_ACS_TOKEN}, ...). */
  public DcosCli withEnv(String variable, String value) {
    Map<String, String> more = new HashMap<>(env);
    more.put(variable, value);
    return new DcosCli(script, more, dcosDir, frameworkName);
  }

  /** The same CLI, with {@code --framework-name=name} for {@link #kafka}. */
  public DcosCli framework(String name) {
    return new DcosCli(script, env, dcosDir, name);
  }

  /** The checkout this CLI belongs to. */
  public Path root() {
    return script.toAbsolutePath().getParent().getParent().normalize();
  }

  /** What one command did. */
  public record Run(List<String> command, int exit, String out, String err) {
    /** Its standard output as JSON, as the CLI prints the API's answer. */
    public JsonNode json() {
      try {
        return MAPPER.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON from " + command + ": " + out + "\nstderr: " + err, e);
      }
    }

    /** Its standard output, line by line. */
    public List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Override
    public String toString() {
      return command + " -> exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** A command still running. */
  public final class Running {
    private final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;

    private Running(List<String> command, Process process, Path out, Path err) {
      this.command = command;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** Waits for it to end; kills it and fails after {@code timeout}. */
    public Run await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("the CLI did not finish in " + timeout + ": " + command
              + "\n--- stdout so far\n" + Files.readString(out));
        }
        return new Run(command, process.exitValue(), Files.readString(out), Files.readString(err));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted running " + command, e);
      } finally {
        process.destroyForcibly();
        delete(out);
        delete(err);
      }
    }

    /** Stops it, if it still runs. */
    public void kill() {
      process.destroyForcibly();
    }
  }

  /** Runs {@code dcos kafka --framework-name=<name> <words>}, as the seed writes its examples. */
  public Run kafka(String... words) {
    return start(kafkaCommand(words)).await(TIMEOUT);
  }

  /** Runs {@code dcos <args>}. */
  public Run run(String... args) {
    return start(List.of(args)).await(TIMEOUT);
  }

  /** Starts {@code dcos kafka --framework-name=<name> <words>} and returns at once. */
  public Running startKafka(String... words) {
    return start(kafkaCommand(words));
  }

  private List<String> kafkaCommand(String... words) {
    List<String> args = new ArrayList<>(List.of("kafka", "--framework-name=" + frameworkName));
    args.addAll(List.of(words));
    return args;
  }

  private Running start(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(args);
    try {
      Files.createDirectories(dcosDir);
      Path out = Files.createTempFile(dcosDir, "out-", ".txt");
      Path err = Files.createTempFile(dcosDir, "err-", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      Map<String, String> environment = builder.environment();
      for (String variable : List.of("DCOS_URI", "KAFKA_SERVICE_URL", "KAFKA_PACKAGE_DEFAULTS", "MARATHON_URL",
          "DCOS_MESOS_URL", "DCOS_ACS_TOKEN")) {
        environment.remove(variable);
      }
      Map<String, String> ours = new HashMap<>(env);
      ours.put("DCOS_DIR", dcosDir.toString());
      environment.putAll(ours);
      return new Running(command, builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path script() {
    Path script = Path.of(System.getProperty("dcos.script"));
    Path jar = Path.of(System.getProperty("kafka.cli.jar"));
    if (!Files.isExecutable(script) || !Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the CLI first (mvn -pl kafka-cli package): " + script + ", " + jar);
    }
    return script;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temp file in the test's own directory, removed with it
    }
  }
}
