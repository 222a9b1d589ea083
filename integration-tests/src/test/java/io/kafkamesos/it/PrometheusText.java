package io.kafkamesos.it;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' text exposition format read by the Prometheus project's own parser: the official
 * Python client's {@code prometheus_client.parser} (Debian's {@code python3-prometheus-client},
 * installed with apt-get when missing and we may, as the status page's test installs Chromium).
 * It raises on any line that is not valid exposition format, so a scrape it reads is valid.
 * (No maintained Java parser of the format resolves from the Maven repository this build uses.)
 */
public final class PrometheusText {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String SCRIPT = String.join("\n",
      "import json, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "out = []",
      "for family in text_string_to_metric_families(sys.stdin.read()):",
      "    for s in family.samples:",
      "        out.append({'family': family.name, 'type': family.type, 'name': s.name,",
      "                    'labels': s.labels, 'value': s.value})",
      "print(json.dumps(out))");
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** One sample: its name, labels and value. */
  public record Sample(String family, String type, String name, Map<String, String> labels,
      double value) {
  }

  private final Path workDir;

  private PrometheusText(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * The parser, installed first when it is missing and we may (root, apt-get).
   *
   * @throws AssertionError when it cannot be had: a test that needs it must fail, not pass unchecked
   */
  public static PrometheusText findOrInstall(Path workDir) {
    PrometheusText parser = new PrometheusText(workDir);
    if (!parser.available() && "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      run(workDir, List.of("/bin/sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
          + "apt-get install -y -qq python3 python3-prometheus-client"), "", 10);
    }
    if (!parser.available()) {
      throw new AssertionError("Prometheus' text-format parser is missing: apt-get install "
          + "python3-prometheus-client (see " + workDir.resolve("prometheus-parser.log") + ")");
    }
    return parser;
  }

  private boolean available() {
    return Files.isExecutable(PYTHON) && run(workDir, List.of(PYTHON.toString(), "-c",
        "import prometheus_client.parser"), "", 1).exitCode() == 0;
  }

  /** Every sample of a scrape; fails with the parser's message when the text is not valid. */
  public List<Sample> parse(String exposition) {
    Result result = run(workDir, List.of(PYTHON.toString(), "-c", SCRIPT), exposition, 2);
    if (result.exitCode() != 0) {
      throw new AssertionError("not valid Prometheus text format: " + result.output());
    }
    try {
      List<Sample> samples = new ArrayList<>();
      for (JsonNode s : JSON.readTree(result.output())) {
        Map<String, String> labels = new LinkedHashMap<>();
        s.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        samples.add(new Sample(s.path("family").asText(), s.path("type").asText(),
            s.path("name").asText(), labels, s.path("value").asDouble()));
      }
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of the sample with this name and exactly these labels, if there is one. */
  public static Optional<Double> value(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .map(Sample::value).findFirst();
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(Path workDir, List<String> command, String stdin, int minutes) {
    try {
      Path out = Files.createTempFile(workDir, "prometheus-parser-", ".out");
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Result(-1, "timed out: " + command.get(0));
      }
      String output = Files.readString(out);
      Files.writeString(workDir.resolve("prometheus-parser.log"), output);
      Files.delete(out);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
