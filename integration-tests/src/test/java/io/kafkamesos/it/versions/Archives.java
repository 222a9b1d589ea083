package io.kafkamesos.it.versions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Archives made by the tests: tarballs of a folder, and a small Java runtime made with jlink. */
final class Archives {

  private Archives() {
  }

  /** {@code tar czf archive -C dir entries...}. */
  static Path tar(Path archive, Path dir, String... entries) throws Exception {
    List<String> command = new ArrayList<>(List.of("tar", "czf", archive.toString(), "-C",
        dir.toString()));
    command.addAll(List.of(entries));
    run(command);
    return archive;
  }

  /**
   * Our 3.9.1 distribution repacked exactly as Apache lays out {@code kafka_2.13-3.9.1.tgz}: the top
   * folder {@code kafka_2.13-3.9.1/} with {@code bin/}, {@code config/} (Apache's logging, which
   * writes {@code server.log} into {@code kafka.logs.dir}, and a {@code server.properties} the
   * executor does not use), {@code libs/}, {@code site-docs/}, {@code LICENSE} and {@code NOTICE}.
   */
  static Path apacheLayout(Path distribution, Path workDir) throws Exception {
    String top = distribution.getFileName().toString();
    Path root = Files.createDirectories(workDir.resolve("apache"));
    Path home = root.resolve(top);
    run(List.of("cp", "-r", distribution.toString(), home.toString()));
    Files.writeString(home.resolve("config/log4j.properties"), """
        log4j.rootLogger=INFO, stdout, kafkaAppender
        log4j.appender.stdout=org.apache.log4j.ConsoleAppender
        log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
        log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
        log4j.appender.kafkaAppender=org.apache.log4j.DailyRollingFileAppender
        log4j.appender.kafkaAppender.DatePattern='.'yyyy-MM-dd-HH
        log4j.appender.kafkaAppender.File=${kafka.logs.dir}/server.log
        log4j.appender.kafkaAppender.layout=org.apache.log4j.PatternLayout
        log4j.appender.kafkaAppender.layout.ConversionPattern=[%d] %p %m (%c)%n
        """, StandardCharsets.UTF_8);
    Files.writeString(home.resolve("config/server.properties"), "broker.id=0\nlog.dirs=/tmp/kafka-logs\n"
        + "zookeeper.connect=localhost:2181\n");
    Files.createDirectories(home.resolve("site-docs"));
    Files.writeString(home.resolve("site-docs/kafka_2.13-3.9.1-site-docs.tgz"), "docs");
    Files.writeString(home.resolve("LICENSE"), "Apache License 2.0\n");
    Files.writeString(home.resolve("NOTICE"), "Apache Kafka\n");
    return tar(root.resolve(top + ".tgz"), root, top);
  }

  /** An archive without top folder: {@code libs/} and {@code config/} at its root. */
  static Path withoutTopFolder(Path distribution, Path workDir) throws Exception {
    Path root = Files.createDirectories(workDir.resolve("flat"));
    Files.createDirectories(root.resolve("libs"));
    try (Stream<Path> jars = Files.list(distribution.resolve("libs"))) {
      for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith("kafka_")).toList()) {
        Files.copy(jar, root.resolve("libs").resolve(jar.getFileName()));
      }
    }
    run(List.of("cp", "-r", distribution.resolve("config").toString(), root.toString()));
    return tar(workDir.resolve("kafka-flat.tgz"), root, "libs", "config");
  }

  /**
   * A Java runtime made from the JDK that runs the tests with {@code jlink} (the modules a broker
   * and the executor use), packed as a JRE archive is: one top folder with {@code bin/java}.
   */
  static Path jre(Path workDir, String folder) throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    Path root = Files.createDirectories(workDir.resolve("jre"));
    run(List.of(jdk.resolve("bin/jlink").toString(), "--add-modules",
        "java.se,jdk.management,jdk.management.agent,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns",
        "--strip-debug", "--no-man-pages", "--no-header-files", "--output",
        root.resolve(folder).toString()));
    return tar(workDir.resolve(folder + ".tgz"), root, folder);
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
