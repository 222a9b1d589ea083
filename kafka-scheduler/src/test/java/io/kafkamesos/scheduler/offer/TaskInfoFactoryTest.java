package io.kafkamesos.scheduler.offer;

import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.scheduler.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskInfoFactoryTest {

  private static TaskInfo task(String... env) {
    return new TaskInfoFactory(settings(env)).brokerTask(Fixtures.FRAMEWORK_ID,
        AgentID.newBuilder().setValue("a1").build(), "host1", BrokerTaskId.next(0), 31000,
        List.of(), List.of());
  }

  @Test
  void theTaskNamesTheClustersKafkaVersionAndLeavesTheFolderToTheExecutor() {
    BrokerTaskSpec spec = BrokerTaskSpec.decode(task("KAFKA_VERSION", "2.4.1").getData().toByteArray());
    assertThat(spec.kafkaVersion()).isEqualTo("2.4.1");
    assertThat(spec.kafkaHome()).isEmpty();
  }

  @Test
  void javaUriIsFetchedWithTheTaskAndStartsTheExecutor() {
    CommandInfo command = task("JAVA_URI", "http://repo/jre-17.tgz").getExecutor().getCommand();
    assertThat(command.getUrisList()).extracting(CommandInfo.URI::getValue, CommandInfo.URI::getExtract)
        .contains(org.assertj.core.groups.Tuple.tuple("http://repo/jre-17.tgz", true));
    assertThat(command.getValue()).contains("*/bin/java").endsWith("-Xmx64m -jar kafka-executor.jar");
  }

  @Test
  void onlyVersionedArchivesGoThroughTheAgentsFetcherCache() {
    CommandInfo command = task("KAFKA_URI", "https://dl/kafka_2.13-3.9.1.tgz",
        "JAVA_URI", "http://repo/OpenJDK17U-jre_x64_linux_hotspot_17.0.15_6.tar.gz")
        .getExecutor().getCommand();
    assertThat(command.getUrisList()).extracting(CommandInfo.URI::getValue, CommandInfo.URI::getCache)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("file:///dist/kafka-executor.jar", false),
            org.assertj.core.groups.Tuple.tuple("https://dl/kafka_2.13-3.9.1.tgz", true),
            org.assertj.core.groups.Tuple.tuple(
                "http://repo/OpenJDK17U-jre_x64_linux_hotspot_17.0.15_6.tar.gz", true));
  }

  @Test
  void aNameThatMayChangeInPlaceIsNotCached() {
    assertThat(TaskInfoFactory.cacheable("file:///dist/kafka-dist.tar.gz")).isFalse();
    assertThat(TaskInfoFactory.cacheable("http://repo/jre-17.tgz")).isFalse();
    assertThat(TaskInfoFactory.cacheable("file:///m2/kafka-executor-1.2-SNAPSHOT.jar")).isFalse();
    assertThat(TaskInfoFactory.cacheable("http://repo/v1.2/kafka-executor.jar")).isFalse();
    assertThat(TaskInfoFactory.cacheable("http://repo/kafka-executor-1.2.0.jar?x=1")).isTrue();
  }

  @Test
  void theExecutorCommandRunsTheUnpackedJava(@TempDir Path sandbox) throws Exception {
    Path java = Files.createDirectories(sandbox.resolve("jdk-17.0.15+6-jre/bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$0 $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(sandbox.resolve("kafka_2.13-3.9.1/libs"));

    Result result = sh(sandbox, TaskInfoFactory.executorCommand(settings("JAVA_URI", "file:///jre.tgz")));

    assertThat(result.exit()).isZero();
    assertThat(result.output().trim())
        .isEqualTo("./jdk-17.0.15+6-jre/bin/java " + TaskInfoFactory.EXECUTOR_JVM_FLAGS + " -Xmx64m -jar kafka-executor.jar");
  }

  @Test
  void aRuntimeArchiveWithoutJavaEndsTheExecutorSayingSo(@TempDir Path sandbox) throws Exception {
    Files.createDirectories(sandbox.resolve("kafka_2.13-3.9.1/bin"));

    Result result = sh(sandbox, TaskInfoFactory.executorCommand(settings("JAVA_URI", "file:///jre.tgz")));

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("the JAVA_URI archive unpacked no <folder>/bin/java");
  }

  @Test
  void withoutJavaUriTheAgentsJavaRunsTheExecutor() {
    assertThat(TaskInfoFactory.executorCommand(settings("EXECUTOR_JAVA", "/opt/java17/bin/java")))
        .isEqualTo("/opt/java17/bin/java " + TaskInfoFactory.EXECUTOR_JVM_FLAGS + " -Xmx64m -jar kafka-executor.jar");
  }

  private record Result(int exit, String output) {
  }

  private static Result sh(Path dir, String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
