package io.kafkamesos.cli.pkg;

import static io.kafkamesos.cli.pkg.TestPackage.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package and marathon commands against a fake DC/OS (Marathon + Mesos master) on loopback. */
class PackageCommandsIT {

    private static final List<String> ARTIFACTS = List.of("kafka-scheduler/target/kafka-scheduler.jar",
            "config/scheduler.yml", "kafka-executor/target/kafka-executor.jar",
            "kafka-dist/kafka-2.4/target/kafka_2.11-2.4.1.tgz", "kafka-dist/kafka-3.9/target/kafka_2.13-3.9.1.tgz",
            "kafka-dist/kafka-4/target/kafka_2.13-4.4.0.tgz");

    @TempDir
    Path tmp;

    private FakeMarathon dcos;
    private Path artifacts;
    private final Map<String, String> env = new HashMap<>();

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        dcos = new FakeMarathon();
        artifacts = Files.createDirectories(tmp.resolve("repo"));
        for (String artifact : ARTIFACTS) {
            Path file = artifacts.resolve(artifact);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "artifact");
        }
        env.put("DCOS_URI", dcos.url());
        env.put("KAFKA_PACKAGE_DIR", TestPackage.dir().toString());
        env.put("KAFKA_RESOURCE_BASE", artifacts.toUri().toString());
    }

    @AfterEach
    void stop() {
        dcos.close();
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PackageCli.run(List.of(args), new CliInputs(env, Optional.empty(), Optional.of(tmp.resolve("dcos"))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String json) throws IOException {
        return Files.writeString(tmp.resolve(name), json.replace('\'', '"'));
    }

    private static Map<String, String> env(JsonNode app) {
        Map<String, String> env = new HashMap<>();
        app.get("env").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        return env;
    }

    @Test
    void installChecksTheNameIsFreeThenPostsTheRenderedApp() {
        Result result = run("package", "install", "--no-wait", "--yes", "kafka");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(dcos.requestLines()).containsExactly("GET /marathon/v2/apps/kafka0", "POST /marathon/v2/apps");
        JsonNode posted = dcos.requests().get(1).json();
        assertThat(posted.get("id").asText()).isEqualTo("kafka0");
        assertThat(env(posted)).containsEntry("FRAMEWORK_NAME", "kafka0").containsEntry("BROKER_COUNT", "3")
                .containsEntry("BROKER_PV", "FALSE").containsEntry("PLACEMENT_STRATEGY", "ANY")
                .containsEntry("EXECUTOR_URI", artifacts.toUri() + "kafka-executor/target/kafka-executor.jar");
        assertThat(result.out()).contains("Installing Marathon app for package [kafka] version [0.1.0-SNAPSHOT]")
                .contains("Created Marathon app /kafka0");
    }

    @Test
    void installWaitsForTheBrokersAndPrintsEachAsItComesUp() {
        String broker = "{\"id\":%d,\"state\":\"%s\",\"host\":\"127.0.0.%d\",\"port\":%d,\"registered\":%s,\"problem\":%s}";
        dcos.statuses(List.of(
                "{\"brokers\":[" + broker.formatted(0, "STAGING", 2, 0, false, "\"broker 0 is starting on 127.0.0.2\"")
                        + "," + broker.formatted(1, "NONE", 3, 0, false, "\"broker 1 waits for an offer\"") + "]}",
                "{\"brokers\":[" + broker.formatted(0, "RUNNING", 2, 31000, true, "null")
                        + "," + broker.formatted(1, "NONE", 3, 0, false, "\"broker 1 waits for an offer\"") + "]}",
                "{\"brokers\":[" + broker.formatted(0, "RUNNING", 2, 31000, true, "null")
                        + "," + broker.formatted(1, "RUNNING", 3, 31001, true, "null") + "]}"));

        Result result = run("package", "install", "--options=" + TestPackage.dir()
                .resolve("options-examples/sample-kafka-local.json"), "kafka");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Created Marathon app /sample-kafka")
                .contains("Waiting up to 10 min for the brokers of sample-kafka")
                .contains("the scheduler of sample-kafka is up; 2 broker(s) expected\n"
                        + "broker 0 is starting on 127.0.0.2\n"
                        + "broker 1 waits for an offer\n"
                        + "broker 0 is up on 127.0.0.2:31000\n"
                        + "broker 1 is up on 127.0.0.3:31001\n"
                        + "sample-kafka: 2 of 2 brokers up (");
        assertThat(dcos.serviceRequests()).hasSize(3).containsOnly("GET /service/sample-kafka/v1/status");
    }

    @Test
    void installGivesUpWaitingAfterItsTimeoutAndSaysTheInstallGoesOn() {
        Result result = run("package", "install", "--timeout=1s", "kafka");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.out()).contains("Created Marathon app /kafka0")
                .contains("waiting for the scheduler of kafka0: HTTP 404 from GET " + dcos.url()
                        + "/service/kafka0/v1/status: no framework is registered under that name")
                .contains("kafka0: gave up waiting after ").contains("status --wait");
        assertThat(dcos.apps()).containsOnlyKeys("kafka0");
    }

    @Test
    void installWithTheSeedsOptionsFileCreatesTheSampleCluster() {
        Result result = run("package", "install", "--no-wait", "--options=" + TestPackage.dir().resolve("sample-kafka.json"), "kafka");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(dcos.apps()).containsOnlyKeys("sample-kafka");
        assertThat(env(dcos.apps().get("sample-kafka"))).containsEntry("BROKER_COUNT", "10")
                .containsEntry("FRAMEWORK_NAME", "sample-kafka").containsEntry("BROKER_PV", "TRUE")
                .containsEntry("PLACEMENT_STRATEGY", "NODE");
    }

    @Test
    void siteDefaultsInTheConfigDirectoryPointTheClusterAtTheLocalStack() throws IOException {
        Files.createDirectories(tmp.resolve("dcos"));
        Files.writeString(tmp.resolve("dcos").resolve(Locations.SITE_DEFAULTS_FILE),
                "{\"kafka\": {\"mesos-master\": \"http://127.0.0.1:5050\", \"zookeeper\": \"127.0.0.1:2181\"}}");

        assertThat(run("package", "install", "--no-wait", "kafka").exit()).isZero();

        assertThat(env(dcos.apps().get("kafka0"))).containsEntry("MESOS_MASTER", "http://127.0.0.1:5050")
                .containsEntry("ZK_CONNECT", "127.0.0.1:2181");
    }

    @Test
    void aNameAlreadyInstalledIsRefusedAndNothingIsPosted() {
        dcos.putApp((ObjectNode) json("{'id': '/kafka0', 'labels': {'DCOS_PACKAGE_NAME': 'kafka'}}"));

        Result result = run("package", "install", "--no-wait", "kafka");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("a cluster named kafka0 is already installed");
        assertThat(dcos.requestLines()).containsExactly("GET /marathon/v2/apps/kafka0");
    }

    @Test
    void badOptionsAreRefusedBeforeAnyRequest() throws IOException {
        Path options = file("bad.json", "{'kafka': {'broker-count': 0, 'placement-strategy': 'FOO', 'nodes': 3}}");

        Result result = run("package", "install", "--no-wait", "--options=" + options, "kafka");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("kafka.broker-count: must be at least 1, not 0")
                .contains("kafka.placement-strategy: must be one of [\"ANY\",\"NODE\"], not \"FOO\"")
                .contains("kafka.nodes: unknown option");
        assertThat(dcos.requests()).isEmpty();
    }

    @Test
    void unreadableOptionsFilesAreNamed() throws IOException {
        Result missing = run("package", "install", "--no-wait", "--options=" + tmp.resolve("nope.json"), "kafka");
        assertThat(missing.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(missing.err()).contains("options file " + tmp.resolve("nope.json") + " does not exist");

        Result broken = run("package", "install", "--no-wait", "--options=" + file("broken.json", "{'kafka': "), "kafka");
        assertThat(broken.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(broken.err()).contains("is not valid JSON");
        assertThat(dcos.requests()).isEmpty();
    }

    @Test
    void missingArtifactsAreRefusedWithHowToBuildThem() throws IOException {
        Files.delete(artifacts.resolve("kafka-executor/target/kafka-executor.jar"));

        Result result = run("package", "install", "--no-wait", "kafka");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("executor-jar: " + artifacts.toUri() + "kafka-executor/target/kafka-executor.jar")
                .contains("mvn -pl kafka-executor -am package");
        assertThat(dcos.requests()).isEmpty();
    }

    @Test
    void uninstallRemovesTheAppAndTearsDownItsFramework() {
        assertThat(run("package", "install", "--no-wait", "kafka").exit()).isZero();
        dcos.addFramework("fw-1", "kafka0");
        dcos.addFramework("fw-2", "other");

        Result result = run("package", "uninstall", "--app-id=kafka0", "kafka");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(dcos.apps()).isEmpty();
        assertThat(dcos.requestLines()).endsWith("GET /marathon/v2/apps/kafka0", "DELETE /marathon/v2/apps/kafka0",
                "GET /mesos/master/state", "POST /mesos/master/teardown");
        assertThat(dcos.requests().get(dcos.requests().size() - 1).body()).isEqualTo("frameworkId=fw-1");
        assertThat(result.out()).contains("removed Marathon app /kafka0")
                .contains("Tore down Mesos framework kafka0 (fw-1)")
                .contains("The instance will still be present in ZooKeeper at /kafka0");
    }

    @Test
    void uninstallWithoutAppIdTakesTheOnlyClusterAndRefusesToGuessAmongSeveral() throws IOException {
        assertThat(run("package", "install", "--no-wait", "kafka").exit()).isZero();
        assertThat(run("package", "install", "--no-wait", "--options=" + file("k1.json", "{'kafka': {'framework-name': 'k1'}}"),
                "kafka").exit()).isZero();

        Result ambiguous = run("package", "uninstall", "kafka");
        assertThat(ambiguous.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(ambiguous.err()).contains("several kafka clusters are installed (kafka0, k1)");
        assertThat(dcos.apps()).hasSize(2);

        assertThat(run("package", "uninstall", "--app-id=k1", "kafka").exit()).isZero();
        assertThat(run("package", "uninstall", "kafka").exit()).isZero();
        assertThat(dcos.apps()).isEmpty();
    }

    @Test
    void uninstallOfAnUnknownNameFails() {
        Result result = run("package", "uninstall", "--app-id=nope", "kafka");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("no cluster named nope is installed");
        assertThat(dcos.requestLines()).containsExactly("GET /marathon/v2/apps/nope");
    }

    @Test
    void updateChangesOneVariableAndPutsTheDefinitionBack() {
        assertThat(run("package", "install", "--no-wait", "kafka").exit()).isZero();
        ObjectNode running = dcos.apps().get("kafka0").deepCopy();
        running.put("tasksRunning", 1).put("version", "v1").putArray("tasks").addObject().put("id", "kafka0.1");
        dcos.putApp(running);

        Result result = run("marathon", "app", "update", "kafka0", "env.BROKER_COUNT=5");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(dcos.requestLines()).endsWith("GET /marathon/v2/apps/kafka0", "PUT /marathon/v2/apps/kafka0");
        JsonNode put = dcos.requests().get(dcos.requests().size() - 1).json();
        assertThat(env(put)).containsEntry("BROKER_COUNT", "5").containsEntry("FRAMEWORK_NAME", "kafka0")
                .containsEntry("PLACEMENT_STRATEGY", "ANY");
        assertThat(put.has("tasks")).isFalse();
        assertThat(put.has("version")).isFalse();
        assertThat(put.get("cmd").asText()).isEqualTo(running.get("cmd").asText());
        assertThat(result.out()).contains("env.BROKER_COUNT 3 -> 5").contains("deploy-2");
    }

    @Test
    void updateRefusesToRenameTheFramework() {
        assertThat(run("package", "install", "--no-wait", "kafka").exit()).isZero();

        Result result = run("marathon", "app", "update", "kafka0", "env.FRAMEWORK_NAME=other");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("FRAMEWORK_NAME cannot be changed");
        assertThat(dcos.requestLines()).doesNotContain("PUT /marathon/v2/apps/kafka0");
    }

    @Test
    void updateOfAnUnknownAppFails() {
        Result result = run("marathon", "app", "update", "nope", "env.BROKER_COUNT=5");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("Marathon has no app /nope");
    }

    @Test
    void listAndShowReadMarathon() {
        assertThat(run("package", "install", "--no-wait", "kafka").exit()).isZero();

        Result apps = run("marathon", "app", "list");
        assertThat(apps.exit()).isZero();
        assertThat(apps.out()).contains("/kafka0").contains("java -Xmx256m -jar kafka-scheduler.jar");

        Result show = run("marathon", "app", "show", "kafka0");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("\"FRAMEWORK_NAME\": \"kafka0\"");

        Result packages = run("package", "list");
        assertThat(packages.out()).contains("kafka").contains("0.1.0-SNAPSHOT").contains("/kafka0");
    }

    @Test
    void describeConfigPrintsTheSchemaAsWritten() throws IOException {
        Result result = run("package", "describe", "kafka", "--config");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo(Files.readString(TestPackage.dir().resolve("config.json")));
        assertThat(dcos.requests()).isEmpty();
    }

    @Test
    void badCommandLinesExitWithUsage() {
        assertThat(run("package", "install", "--no-wait", "--bogus", "kafka").exit()).isEqualTo(PackageCli.USAGE);
        assertThat(run("package", "frobnicate").exit()).isEqualTo(PackageCli.USAGE);
        assertThat(run("package", "install").exit()).isEqualTo(PackageCli.USAGE);
        assertThat(run("marathon", "app", "update", "kafka0", "BROKER_COUNT").exit()).isEqualTo(PackageCli.USAGE);
        Result other = run("package", "install", "--no-wait", "cassandra");
        assertThat(other.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(other.err()).contains("package \"cassandra\" is not in this repository");
        assertThat(dcos.requests()).isEmpty();
    }

    @Test
    void anUnreachableClusterIsReportedClearly() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        env.put("DCOS_URI", "http://127.0.0.1:" + port);

        Result result = run("package", "install", "--no-wait", "kafka");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("cannot connect to http://127.0.0.1:" + port);
    }

    @Test
    void withoutDcosUriTheCommandSaysHowToSetIt() {
        env.remove("DCOS_URI");

        Result result = run("marathon", "app", "list");

        assertThat(result.exit()).isEqualTo(PackageCli.FAILED);
        assertThat(result.err()).contains("set DCOS_URI");
    }
}
