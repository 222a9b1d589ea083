package io.kafkamesos.it.versions;

import io.kafkamesos.commons.kafka.KafkaDistributions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own console producer and consumer of one distribution, run as processes from its
 * {@code bin/} (as a user would), on the java that runs the tests.
 */
final class ConsoleClients {

  private final String version;
  private final Path home;
  private final Path workDir;

  ConsoleClients(String version, Path workDir) {
    this.version = version;
    this.home = KafkaDistributions.dir(version);
    this.workDir = workDir;
  }

  /** Writes {@code lines} to {@code topic} with {@code bin/kafka-console-producer.sh}; answers its output. */
  String produce(String bootstrap, String topic, List<String> lines) throws Exception {
    // Kafka 2.4's producer takes --broker-list; --bootstrap-server came in 2.5
    String servers = version.startsWith("2.") ? "--broker-list" : "--bootstrap-server";
    Process producer = start(List.of(script("kafka-console-producer.sh"), servers, bootstrap,
        "--topic", topic, "--producer-property", "acks=all"), "producer");
    try (OutputStream in = producer.getOutputStream()) {
      in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return finish(producer, "producer");
  }

  /** Reads {@code count} records of {@code topic} from the beginning with {@code bin/kafka-console-consumer.sh}. */
  List<String> consume(String bootstrap, String topic, int count) throws Exception {
    Process consumer = start(List.of(script("kafka-console-consumer.sh"), "--bootstrap-server",
        bootstrap, "--topic", topic, "--from-beginning", "--max-messages", Integer.toString(count),
        "--timeout-ms", "90000"), "consumer");
    consumer.getOutputStream().close();
    String output = finish(consumer, "consumer");
    List<String> records = new ArrayList<>();
    output.lines().filter(line -> line.startsWith("record-")).forEach(records::add);
    return records;
  }

  private String script(String name) {
    return home.resolve("bin").resolve(name).toString();
  }

  private Process start(List<String> command, String what) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(workDir.resolve(version + "-" + what + ".out").toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder.start();
  }

  private String finish(Process process, String what) throws Exception {
    Path out = workDir.resolve(version + "-" + what + ".out");
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("Kafka " + version + "'s console " + what + " did not end: "
          + Files.readString(out));
    }
    String output = Files.readString(out);
    if (process.exitValue() != 0) {
      throw new AssertionError("Kafka " + version + "'s console " + what + " exited with "
          + process.exitValue() + ": " + output);
    }
    return output;
  }
}
