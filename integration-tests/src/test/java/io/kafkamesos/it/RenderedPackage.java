package io.kafkamesos.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's Marathon app as the package renders it for a user ({@code bin/dcos package
 * describe kafka --options=FILE}, the same renderer {@code package install} uses): command, fetched
 * artifacts, ports, health checks, labels and upgrade strategy, with the test's master and ZooKeeper.
 */
final class RenderedPackage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RenderedPackage() {
  }

  /** The app of cluster {@code name} on this mesos-local, the package's defaults for the rest. */
  static ObjectNode app(String name, String masterUrl, String zkConnect) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("kafka-package-");
      Path options = dir.resolve("options.json");
      ObjectNode kafka = JSON.createObjectNode();
      kafka.put("framework-name", name);
      kafka.put("mesos-master", masterUrl);
      kafka.put("zookeeper", zkConnect);
      ObjectNode root = JSON.createObjectNode();
      root.set("kafka", kafka);
      JSON.writeValue(options.toFile(), root);
      Path out = dir.resolve("app.json");
      Path err = dir.resolve("stderr.txt");
      ProcessBuilder builder = new ProcessBuilder(System.getProperty("dcos.script"), "package",
          "describe", "kafka", "--options=" + options).redirectOutput(out.toFile()).redirectError(err.toFile());
      // nothing of the user's or kafka-local's CLI configuration: the package's defaults only
      builder.environment().put("DCOS_DIR", dir.resolve("dcos").toString());
      builder.environment().put("DCOS_URI", masterUrl);
      builder.environment().remove("KAFKA_PACKAGE_DEFAULTS");
      builder.environment().remove("KAFKA_PACKAGE_DIR");
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("dcos package describe did not end in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("dcos package describe failed with " + process.exitValue() + ": "
            + Files.readString(err));
      }
      return (ObjectNode) JSON.readTree(out.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      if (dir != null) {
        LocalCluster.deleteRecursively(dir);
      }
    }
  }
}
