package io.kafkamesos.cli.pkg;

import static io.kafkamesos.cli.pkg.TestPackage.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageRendererTest {

    private static final URI BASE = URI.create("file:///opt/kafka-mesos/");
    private final PackageRenderer renderer = new PackageRenderer(TestPackage.load());

    private PackageRenderer.Rendered render(String options) {
        return renderer.render(json("{}"), json(options), BASE);
    }

    private static Map<String, String> env(PackageRenderer.Rendered rendered) {
        Map<String, String> env = new TreeMap<>();
        rendered.app().get("env").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().textValue()));
        return env;
    }

    @Test
    void defaultsRenderTheKafka0Cluster() {
        PackageRenderer.Rendered rendered = render("{}");
        assertThat(rendered.appId()).isEqualTo("kafka0");
        assertThat(env(rendered)).containsEntry("FRAMEWORK_NAME", "kafka0")
                .containsEntry("BROKER_COUNT", "3")
                .containsEntry("BROKER_PV", "FALSE")
                .containsEntry("PLACEMENT_STRATEGY", "ANY")
                .containsEntry("BROKER_CPUS", "1.0")
                .containsEntry("BROKER_MEM", "512")
                .containsEntry("BROKER_HEAP_MB", "256")
                .containsEntry("BROKER_DISK", "1000")
                .containsEntry("MESOS_MASTER", "http://leader.mesos:5050")
                .containsEntry("ZK_CONNECT", "master.mesos:2181")
                .doesNotContainKey("KAFKA_ZK_CONNECT");
        assertThat(env(rendered).keySet()).noneMatch(k -> k.startsWith("KAFKA_OVERRIDE_"));
    }

    @Test
    void theSeedsSampleOptionsRenderTheSampleCluster() {
        JsonNode sample = PackageCommands.readJsonObject(TestPackage.dir().resolve("sample-kafka.json"), "sample");
        assertThat(sample).isEqualTo(json("""
                {'kafka': {'broker-count': 10, 'framework-name': 'sample-kafka', 'pv': true, 'placement-strategy': 'NODE'}}
                """));
        PackageRenderer.Rendered rendered = renderer.render(json("{}"), sample, BASE);
        assertThat(rendered.appId()).isEqualTo("sample-kafka");
        assertThat(env(rendered)).containsEntry("BROKER_COUNT", "10")
                .containsEntry("FRAMEWORK_NAME", "sample-kafka")
                .containsEntry("BROKER_PV", "TRUE")
                .containsEntry("PLACEMENT_STRATEGY", "NODE");
        assertThat(rendered.app().get("labels").get("DCOS_SERVICE_NAME").asText()).isEqualTo("sample-kafka");
    }

    @Test
    void theAppRunsTheFetchedSchedulerWithTwoPortsAndALivenessCheck() {
        JsonNode app = render("{}").app();
        assertThat(app.get("cmd").asText()).isEqualTo("java -Xmx256m -jar kafka-scheduler.jar server scheduler.yml");
        assertThat(app.get("instances").asInt()).isEqualTo(1);
        assertThat(app.get("cpus").asDouble()).isEqualTo(0.5);
        assertThat(app.get("mem").asInt()).isEqualTo(512);
        List<String> fetched = new ArrayList<>();
        app.get("fetch").forEach(f -> fetched.add(f.get("uri").asText()));
        assertThat(fetched).containsExactly("file:///opt/kafka-mesos/kafka-scheduler/target/kafka-scheduler.jar",
                "file:///opt/kafka-mesos/config/scheduler.yml");
        assertThat(env(render("{}"))).containsEntry("EXECUTOR_URI",
                        "file:///opt/kafka-mesos/kafka-executor/target/kafka-executor.jar")
                .containsEntry("KAFKA_VERSION", "4.4.0")
                .containsEntry("CONTROLLER_COUNT", "3")
                .containsEntry("KAFKA_DIST_URI_4_4_0", "file:///opt/kafka-mesos/kafka-dist/kafka-4/target/kafka_2.13-4.4.0.tgz")
                .containsEntry("KAFKA_DIST_URI_3_9_1", "file:///opt/kafka-mesos/kafka-dist/kafka-3.9/target/kafka_2.13-3.9.1.tgz")
                .doesNotContainKeys("KAFKA_URI", "JAVA_URI");
        assertThat(app.get("portDefinitions")).hasSize(2);
        JsonNode check = app.get("healthChecks").get(0);
        assertThat(check.get("protocol").asText()).isEqualTo("HTTP");
        // liveness, not /healthcheck: Marathon restarts an unhealthy app, and a cluster problem is no
        // reason to restart its scheduler
        assertThat(check.get("path").asText()).isEqualTo("/liveness");
        assertThat(check.get("portIndex").asInt()).isEqualTo(1);
        assertThat(app.get("labels")).isEqualTo(json("""
                {'DCOS_PACKAGE_NAME': 'kafka', 'DCOS_PACKAGE_VERSION': '0.1.0-SNAPSHOT', 'DCOS_PACKAGE_IS_FRAMEWORK': 'true',
                 'DCOS_PACKAGE_FRAMEWORK_NAME': 'kafka0', 'DCOS_SERVICE_NAME': 'kafka0', 'DCOS_SERVICE_SCHEME': 'http',
                 'DCOS_SERVICE_PORT_INDEX': '0'}
                """));
    }

    @Test
    void absoluteResourceUrisAndOtherBasesAreKept() {
        PackageRenderer.Rendered rendered = renderer.render(json("{}"), json("{}"), URI.create("http://repo.example/kafka"));
        assertThat(env(rendered)).containsEntry("EXECUTOR_URI", "http://repo.example/kafka/kafka-executor/target/kafka-executor.jar");
    }

    @Test
    void everyOptionReachesTheEnvironment() {
        PackageRenderer.Rendered rendered = render("""
                {'kafka': {'framework-name': 'k1', 'broker-count': 5, 'pv': true, 'placement-strategy': 'NODE',
                  'broker-cpus': 0.5, 'broker-mem': 1024, 'broker-heap-mb': 512, 'broker-disk': 4000,
                  'executor-cpus': 0.2, 'executor-mem': 96, 'cpus': 1, 'mem': 768,
                  'mesos-master': 'http://127.0.0.1:5050', 'zookeeper': '127.0.0.1:2181', 'kafka-zookeeper': '127.0.0.1:2182',
                  'kafka-version': '3.9.1', 'metadata-mode': 'KRAFT', 'controller-count': 1,
                  'controller-cpus': 0.25, 'controller-mem': 384, 'controller-heap-mb': 128, 'controller-disk': 200,
                  'java-uri': 'http://repo.example/jre-17.tgz',
                  'overrides': {'num.partitions': '6', 'log.retention.hours': '24'}}}
                """);
        assertThat(env(rendered)).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("FRAMEWORK_NAME", "k1"), Map.entry("BROKER_COUNT", "5"), Map.entry("BROKER_PV", "TRUE"),
                Map.entry("PLACEMENT_STRATEGY", "NODE"), Map.entry("BROKER_CPUS", "0.5"), Map.entry("BROKER_MEM", "1024"),
                Map.entry("BROKER_HEAP_MB", "512"), Map.entry("BROKER_DISK", "4000"), Map.entry("EXECUTOR_CPUS", "0.2"),
                Map.entry("EXECUTOR_MEM", "96"), Map.entry("MESOS_MASTER", "http://127.0.0.1:5050"),
                Map.entry("ZK_CONNECT", "127.0.0.1:2181"), Map.entry("KAFKA_ZK_CONNECT", "127.0.0.1:2182"),
                Map.entry("KAFKA_VERSION", "3.9.1"), Map.entry("JAVA_URI", "http://repo.example/jre-17.tgz"),
                Map.entry("KAFKA_METADATA_MODE", "KRAFT"), Map.entry("CONTROLLER_COUNT", "1"),
                Map.entry("CONTROLLER_CPUS", "0.25"), Map.entry("CONTROLLER_MEM", "384"),
                Map.entry("CONTROLLER_HEAP_MB", "128"), Map.entry("CONTROLLER_DISK", "200"),
                Map.entry("KAFKA_DIST_URI_2_4_1", "file:///opt/kafka-mesos/kafka-dist/kafka-2.4/target/kafka_2.11-2.4.1.tgz"),
                Map.entry("KAFKA_DIST_URI_3_9_1", "file:///opt/kafka-mesos/kafka-dist/kafka-3.9/target/kafka_2.13-3.9.1.tgz"),
                Map.entry("KAFKA_DIST_URI_4_4_0", "file:///opt/kafka-mesos/kafka-dist/kafka-4/target/kafka_2.13-4.4.0.tgz"),
                Map.entry("EXECUTOR_URI", "file:///opt/kafka-mesos/kafka-executor/target/kafka-executor.jar"),
                Map.entry("KAFKA_OVERRIDE_NUM_PARTITIONS", "6"), Map.entry("KAFKA_OVERRIDE_LOG_RETENTION_HOURS", "24"))));
        assertThat(rendered.app().get("cpus").asDouble()).isEqualTo(1.0);
        assertThat(rendered.app().get("mem").asInt()).isEqualTo(768);
        assertThat(rendered.appId()).isEqualTo("k1");
    }

    @Test
    void mesosCredentialsAndAuthoritiesReachTheEnvironmentOnlyWhenGiven() {
        Map<String, String> given = env(render("""
                {'kafka': {'mesos-master': 'zk://zk1:2181,zk2:2181/mesos', 'mesos-principal': 'kafka-strict',
                  'mesos-secret-file': '/run/secrets/kafka', 'mesos-ca-file': '/run/dcos/pki/ca.pem'}}
                """));
        Map<String, String> defaults = env(render("{'kafka': {}}"));

        assertThat(given).containsEntry("MESOS_MASTER", "zk://zk1:2181,zk2:2181/mesos")
                .containsEntry("FRAMEWORK_PRINCIPAL", "kafka-strict")
                .containsEntry("FRAMEWORK_SECRET_FILE", "/run/secrets/kafka")
                .containsEntry("MESOS_CA_FILE", "/run/dcos/pki/ca.pem");
        assertThat(defaults).doesNotContainKeys("FRAMEWORK_PRINCIPAL", "FRAMEWORK_SECRET_FILE", "MESOS_CA_FILE");
    }

    @Test
    void securityOptionsReachTheEnvironmentOnlyWhenGiven() {
        Map<String, String> given = env(render("""
                {'kafka': {'kafka-version': '3.9.1', 'tls': true, 'authentication': 'SCRAM-SHA-512',
                  'authorization': true, 'super-users': 'User:admin;User:ops', 'allow-plaintext': true,
                  'zk-secret-file': '/run/secrets/zk', 'tls-ca-cert-file': '/run/secrets/ca.pem',
                  'tls-ca-key-file': '/run/secrets/ca.key', 'api-auth': true,
                  'api-token-hashes-file': '/run/secrets/tokens', 'api-users-file': '/run/secrets/users'}}
                """));
        Map<String, String> defaults = env(render("{'kafka': {}}"));

        assertThat(given).containsEntry("TLS_ENABLED", "TRUE").containsEntry("AUTHENTICATION", "SCRAM-SHA-512")
                .containsEntry("AUTHORIZATION_ENABLED", "TRUE").containsEntry("SUPER_USERS", "User:admin;User:ops")
                .containsEntry("ALLOW_PLAINTEXT", "TRUE").containsEntry("ZK_SECRET_FILE", "/run/secrets/zk")
                .containsEntry("TLS_CA_CERT_FILE", "/run/secrets/ca.pem")
                .containsEntry("TLS_CA_KEY_FILE", "/run/secrets/ca.key").containsEntry("API_AUTH", "TRUE")
                .containsEntry("API_TOKEN_HASHES_FILE", "/run/secrets/tokens")
                .containsEntry("API_USERS_FILE", "/run/secrets/users");
        assertThat(defaults).doesNotContainKeys("TLS_ENABLED", "AUTHENTICATION", "AUTHORIZATION_ENABLED",
                "SUPER_USERS", "ALLOW_PLAINTEXT", "ZK_SECRET_FILE", "TLS_CA_CERT_FILE", "TLS_CA_KEY_FILE", "API_AUTH",
                "API_TOKEN_HASHES_FILE", "API_USERS_FILE");
        assertThat(env(render("{'kafka': {'tls': false, 'api-auth': false}}")))
                .doesNotContainKeys("TLS_ENABLED", "API_AUTH");
    }

    @Test
    void apiTlsServesTheApiOverHttpsAndTellsTheProxySo() {
        PackageRenderer.Rendered https = render("{'kafka': {'kafka-version': '3.9.1', 'tls': true, 'api-tls': true,"
                + " 'zk-secret-file': '/run/secrets/zk'}}");
        PackageRenderer.Rendered plain = render("{'kafka': {}}");

        assertThat(env(https)).containsEntry("API_TLS", "TRUE");
        assertThat(https.app().get("labels").get("DCOS_SERVICE_SCHEME").asText()).isEqualTo("https");
        assertThat(env(plain)).doesNotContainKey("API_TLS");
        assertThat(plain.app().get("labels").get("DCOS_SERVICE_SCHEME").asText()).isEqualTo("http");
    }

    @Test
    void valuesAreEscapedForJsonNotHtml() {
        com.fasterxml.jackson.databind.node.ObjectNode options = TestPackage.JSON.createObjectNode();
        options.putObject("kafka").putObject("overrides").put("ssl.cipher.suites", "a<b>&\"c\" d\\");
        PackageRenderer.Rendered rendered = renderer.render(json("{}"), options, BASE);
        assertThat(env(rendered)).containsEntry("KAFKA_OVERRIDE_SSL_CIPHER_SUITES", "a<b>&\"c\" d\\");
    }

    @Test
    void siteDefaultsReplaceSchemaDefaultsAndUserOptionsWin() {
        JsonNode site = json("{'kafka': {'mesos-master': 'http://127.0.0.1:5050', 'zookeeper': '127.0.0.1:2181', 'broker-count': 2}}");
        Map<String, String> env = env(renderer.render(site, json("{'kafka': {'broker-count': 4}}"), BASE));
        assertThat(env).containsEntry("MESOS_MASTER", "http://127.0.0.1:5050")
                .containsEntry("ZK_CONNECT", "127.0.0.1:2181")
                .containsEntry("BROKER_COUNT", "4")
                .containsEntry("FRAMEWORK_NAME", "kafka0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key          | {'kafka': {'brokers': 3}}                    | kafka.brokers: unknown option
            unknown top level    | {'kafak': {}}                                | kafak: unknown option
            wrong type           | {'kafka': {'broker-count': '3'}}             | kafka.broker-count: must be an integer, not the string "3"
            broker count 0       | {'kafka': {'broker-count': 0}}               | kafka.broker-count: must be at least 1, not 0
            placement FOO        | {'kafka': {'placement-strategy': 'FOO'}}     | kafka.placement-strategy: must be one of ["ANY","NODE"], not "FOO"
            pv not boolean       | {'kafka': {'pv': 'TRUE'}}                    | kafka.pv: must be a boolean
            unknown version      | {'kafka': {'kafka-version': '3.8.0'}}        | kafka.kafka-version: must be one of ["2.4.1","3.9.1","4.4.0"], not "3.8.0"
            even controllers     | {'kafka': {'controller-count': 2}}           | kafka.controller-count: must be odd
            java uri no scheme   | {'kafka': {'java-uri': 'jre.tgz'}}           | kafka.java-uri: "jre.tgz" does not match
            bad name             | {'kafka': {'framework-name': 'Kafka_0'}}     | kafka.framework-name: "Kafka_0" does not match
            name ends in dash    | {'kafka': {'framework-name': 'kafka-'}}      | kafka.framework-name: "kafka-" does not match
            heap above memory    | {'kafka': {'broker-heap-mb': 512}}           | kafka.broker-heap-mb: must be smaller than kafka.broker-mem (512)
            managed override     | {'kafka': {'overrides': {'broker.id': '7'}}} | kafka.overrides.broker.id: is set by the scheduler
            override not string  | {'kafka': {'overrides': {'num.partitions': 6}}} | kafka.overrides.num.partitions: must be a string
            bad zookeeper        | {'kafka': {'zookeeper': 'zk'}}               | kafka.zookeeper: "zk" does not match
            zk master, no path   | {'kafka': {'mesos-master': 'zk://zk1:2181'}} | kafka.mesos-master: "zk://zk1:2181" does not match
            authentication FOO   | {'kafka': {'authentication': 'KERBEROS'}}   | kafka.authentication: must be one of ["NONE","SCRAM-SHA-512","MTLS"], not "KERBEROS"
            tls not boolean      | {'kafka': {'tls': 'yes'}}                    | kafka.tls: must be a boolean
            kafka not object     | {'kafka': 3}                                 | kafka: must be an object
            """)
    void badOptionsAreRefusedNamingTheField(String name, String options, String problem) {
        assertThatThrownBy(() -> render(options))
                .isInstanceOfSatisfying(PackageException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("invalid options for package kafka:");
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(problem));
                });
    }

    @Test
    void everyExampleOptionsFileRenders() throws java.io.IOException {
        List<java.nio.file.Path> examples;
        try (var files = java.nio.file.Files.list(TestPackage.dir().resolve("options-examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (java.nio.file.Path example : examples) {
            JsonNode options = PackageCommands.readJsonObject(example, "example");
            assertThat(renderer.render(json("{}"), options, BASE).app().get("env").get("FRAMEWORK_NAME").asText())
                    .as(example.toString())
                    .isEqualTo(options.path("kafka").path("framework-name").asText("kafka0"));
        }
    }

    @Test
    void notesAreRenderedWithTheOptions() {
        JsonNode options = renderer.options(json("{}"), json("{'kafka': {'framework-name': 'k2'}}"));
        assertThat(renderer.note("postInstallNotes", options)).contains("--framework-name=k2");
        assertThat(renderer.note("noSuchNote", options)).isEmpty();
    }

    @Test
    void overridePropertiesMapToTheSchedulersVariables() {
        assertThat(PackageRenderer.overrideVariable("num.partitions")).isEqualTo("KAFKA_OVERRIDE_NUM_PARTITIONS");
        assertThat(PackageRenderer.overrideVariable("log.retention.hours")).isEqualTo("KAFKA_OVERRIDE_LOG_RETENTION_HOURS");
    }
}
