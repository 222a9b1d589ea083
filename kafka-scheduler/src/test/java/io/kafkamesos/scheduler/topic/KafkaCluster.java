package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;

/**
 * A real Kafka cluster for tests: a ZooKeeper ({@link TestingServer}) and N broker JVMs started
 * from the Kafka distribution, chroot {@code /kafka0}, everything on 127.0.0.1 free ports and in
 * one temp dir. {@link #close()} stops the brokers before ZooKeeper (a broker whose ZooKeeper is
 * gone hangs in controlled shutdown) and deletes the dir.
 */
public final class KafkaCluster implements AutoCloseable {

    static final String CHROOT = "/kafka0";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path distDir;
    private final Path workDir;
    private final TestingServer zooKeeper;
    private final CuratorFramework curator;
    private final Map<Integer, Integer> ports = new TreeMap<>();
    private final Map<Integer, Process> brokers = new ConcurrentSkipListMap<>();
    private final int brokerCount;
    private final Map<String, String> extraProperties;
    private final Thread killOnExit;

    private KafkaCluster(Path distDir, int brokerCount, Map<String, String> extraProperties) throws Exception {
        this.distDir = requireNonNull(distDir, "distDir");
        this.brokerCount = brokerCount;
        this.extraProperties = Map.copyOf(extraProperties);
        this.workDir = Files.createTempDirectory("topic-it-");
        this.zooKeeper = new TestingServer(freePort(), workDir.resolve("zk").toFile(), true);
        this.curator = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryOneTime(200));
        curator.start();
        // If the test JVM is stopped before close(), the broker JVMs must not outlive it.
        this.killOnExit = new Thread(() -> brokers.values().forEach(Process::destroyForcibly), "kill-test-brokers");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts ZooKeeper and the brokers, and waits until all are registered. */
    static KafkaCluster start(int brokerCount) {
        return start(brokerCount, Map.of());
    }

    /**
     * As {@link #start(int)}, each broker with {@code extraProperties} added to its
     * {@code server.properties} (an authorizer, {@code super.users}, ...); they come last, so they
     * win over the helper's own, and {@code {port}} in a value is the broker's PLAINTEXT port.
     */
    public static KafkaCluster start(int brokerCount, Map<String, String> extraProperties) {
        Path distDir = io.kafkamesos.commons.kafka.KafkaDistributions.defaultDir();
        KafkaCluster cluster = null;
        try {
            cluster = new KafkaCluster(distDir, brokerCount, extraProperties);
            for (int id = 0; id < brokerCount; id++) {
                cluster.ports.put(id, freePort());
                cluster.startBroker(id);
            }
            return cluster;
        } catch (Exception e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new IllegalStateException("could not start the Kafka cluster: " + e.getMessage(), e);
        }
    }

    /** ZooKeeper hosts with the cluster's chroot, as the scheduler hands them to the service. */
    String zookeeperConnect() {
        return zooKeeper.getConnectString() + CHROOT;
    }

    public String bootstrapServers() {
        return brokers.keySet().stream().map(id -> "127.0.0.1:" + ports.get(id)).collect(Collectors.joining(","));
    }

    int brokerCount() {
        return brokerCount;
    }

    CuratorFramework curator() {
        return curator;
    }

    /** Starts broker {@code id} (again) and waits until it is registered. */
    void startBroker(int id) throws IOException {
        Path dir = workDir.resolve("broker-" + id);
        Files.createDirectories(dir.resolve("data"));
        int replication = Math.min(3, brokerCount);
        String props = String.join("\n",
                "broker.id=" + id,
                "listeners=PLAINTEXT://127.0.0.1:" + ports.get(id),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports.get(id),
                "zookeeper.connect=" + zookeeperConnect(),
                "zookeeper.connection.timeout.ms=30000",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=" + replication,
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "delete.topic.enable=true",
                "controlled.shutdown.retry.backoff.ms=1000",
                "num.network.threads=2",
                "num.io.threads=2",
                "log.cleaner.dedupe.buffer.size=4194304",
                "")
                + extraProperties.entrySet().stream().map(e -> e.getKey() + "="
                        + e.getValue().replace("{port}", String.valueOf(ports.get(id))) + "\n")
                        .sorted().collect(Collectors.joining());
        Files.writeString(dir.resolve("server.properties"), props);
        Files.writeString(dir.resolve("log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO, file",
                "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=" + dir.resolve("server.log"),
                "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
                ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Dlog4j.configuration=file:" + dir.resolve("log4j.properties"),
                "-cp", distDir.resolve("libs") + "/*", "kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        brokers.put(id, process);
        String path = CHROOT + "/brokers/ids/" + id;
        await("broker " + id + " registered in ZooKeeper", START_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker " + id + " exited with " + process.exitValue()
                        + "; log:\n" + tail(dir.resolve("stdout.log")) + tail(dir.resolve("server.log")));
            }
            try {
                return curator.checkExists().forPath(path) != null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Waits until each running broker, asked alone, answers {@code describeCluster} with every
     * running broker: the controller's metadata has reached them all.
     */
    void awaitEveryBrokerKnowsTheOthers() {
        for (int id : List.copyOf(brokers.keySet())) {
            java.util.Properties props = new java.util.Properties();
            props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + ports.get(id));
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
                await("broker " + id + " to know all " + brokers.size() + " brokers", START_TIMEOUT, () -> {
                    try {
                        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == brokers.size();
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
    }

    /** Stops broker {@code id} cleanly (SIGTERM: controlled shutdown) and waits for it to exit. */
    void stopBroker(int id) {
        Process process = brokers.remove(id);
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Integer id : new ArrayList<>(brokers.keySet())) {
            stopBroker(id);
        }
        curator.close();
        try {
            zooKeeper.close();
        } catch (IOException e) {
            // the temp dir goes anyway
        }
        deleteRecursively(workDir);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
        } catch (IOException e) {
            return "(no " + log.getFileName() + ")\n";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir is not worth failing a test for
        }
    }
}
