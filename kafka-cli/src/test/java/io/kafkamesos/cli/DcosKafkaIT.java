package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kafkamesos.cli.support.JsonHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real HTTP server standing in for the scheduler: which requests it sends, what
 * it prints and its exit status, in-process and through {@code bin/dcos} as a child process.
 */
class DcosKafkaIT {

    private static final String TOPICS = "[\"topic1\",\"topic0\"]";
    private static final String CREATED = "{\"exit_code\":0,\"stderr\":\"\",\"stdout\":\"Created topic \\\"topic1\\\".\\n\"}";

    @TempDir
    Path dcosDir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String version;
    private final java.util.Queue<String> plans = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(request);
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body;
            if (path.endsWith("/v1/topics") && exchange.getRequestMethod().equals("GET")) {
                body = TOPICS;
            } else if (path.endsWith("/v1/topics") && exchange.getRequestMethod().equals("POST")) {
                body = CREATED;
            } else if (path.endsWith("/v1/topics/missing")) {
                status = 404;
                body = "{\"message\":\"topic \\\"missing\\\" does not exist\"}";
            } else if (path.endsWith("/v1/topics/broken")) {
                body = "{\"exit_code\":1,\"stderr\":\"3 of 10 records failed\\n\",\"stdout\":\"7 records sent\\n\"}";
            } else if (path.endsWith("/v1/version") && version != null) {
                body = version;
            } else if (path.endsWith("/v1/version")) {
                status = 404;
                body = "{\"code\":404,\"message\":\"HTTP 404 Not Found\"}";
            } else if (path.endsWith("/v1/plan") && !plans.isEmpty()) {
                body = plans.size() > 1 ? plans.poll() : plans.peek();
            } else if (path.endsWith("/replace")) {
                body = "{\"message\":\"replacing\"}";
            } else {
                status = 500;
                body = "boom";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String dcosUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private record Run(int status, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DcosKafka(env, new CliConfig(dcosDir.resolve(CliConfig.FILE_NAME)), JsonHttp.create(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void callsTheServiceProxyOfTheDefaultFrameworkAndPrintsPrettyJson() {
        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "topic", "list");
        assertThat(run.status()).isZero();
        assertThat(requests).containsExactly("GET /service/kafka0/v1/topics");
        assertThat(run.out()).isEqualTo("[\n    \"topic1\",\n    \"topic0\"\n]\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void sendsTheSeedCreateRequestToTheNamedFramework() {
        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "--framework-name=kafka1", "topic", "create", "topic1",
                "--partitions", "3", "--replication=3");
        assertThat(run.status()).isZero();
        assertThat(requests).containsExactly("POST /service/kafka1/v1/topics?name=topic1&partitions=3&replication=3");
        assertThat(run.out()).isEqualTo("{\n    \"exit_code\": 0,\n    \"stderr\": \"\",\n"
                + "    \"stdout\": \"Created topic \\\"topic1\\\".\\n\"\n}\n");
    }

    @Test
    void configuredFrameworkNameAndDcosUrlAreUsed() {
        assertThat(run(Map.of(), "config", "set", "kafka.framework_name", "kafka7").status()).isZero();
        assertThat(run(Map.of(), "config", "set", "core.dcos_url", dcosUri()).status()).isZero();
        assertThat(run(Map.of(), "config", "show", "kafka.framework_name").out()).isEqualTo("kafka7\n");
        assertThat(run(Map.of(), "topic", "list").status()).isZero();
        assertThat(requests).containsExactly("GET /service/kafka7/v1/topics");
    }

    @Test
    void kafkaServiceUrlGoesStraightToTheScheduler() {
        Run run = run(Map.of("KAFKA_SERVICE_URL", dcosUri(), "DCOS_URI", "http://127.0.0.1:1"), "topic", "list");
        assertThat(run.status()).isZero();
        assertThat(requests).containsExactly("GET /v1/topics");
    }

    @Test
    void apiErrorsPrintTheMessageAndExitOne() {
        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "topic", "describe", "missing");
        assertThat(run.status()).isEqualTo(DcosKafka.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Error: topic \"missing\" does not exist (HTTP 404 from GET ");

        Run failed = run(Map.of("DCOS_URI", dcosUri()), "kafka", "topic", "producer_test", "broken", "10");
        assertThat(failed.status()).isEqualTo(DcosKafka.FAILED);
        assertThat(failed.out()).contains("\"exit_code\": 1");
    }

    @Test
    void usageErrorsExitTwoWithoutCallingTheService() {
        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "topic", "create", "t", "--partitions=1");
        assertThat(run.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(run.err()).contains("needs --replication").contains("Usage:");
        assertThat(run(Map.of("DCOS_URI", dcosUri()), "kafka").status()).isEqualTo(DcosKafka.USAGE);
        assertThat(run(Map.of(), "config", "set", "nope", "1").status()).isEqualTo(DcosKafka.USAGE);
        Run unknown = run(Map.of("DCOS_URI", dcosUri()), "kafka", "topic", "list", "--bogus");
        assertThat(unknown.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(unknown.err()).startsWith("Error: unknown option --bogus\n").contains("dcos kafka [--framework-name=NAME]");
        Run flagValue = run(Map.of("DCOS_URI", dcosUri()), "kafka", "broker", "replace", "0", "--force=yes");
        assertThat(flagValue.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(flagValue.err()).startsWith("Error: option --force takes no value\n");
        Run misplaced = run(Map.of("DCOS_URI", dcosUri()), "kafka", "broker", "restart", "0", "--force");
        assertThat(misplaced.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(misplaced.err()).startsWith("Error: option --force does not apply to \"broker restart\"\n");
        assertThat(requests).isEmpty();
    }

    @Test
    void replaceTakesForceAsAFlagOrAsAWord() {
        Run flag = run(Map.of("DCOS_URI", dcosUri()), "kafka", "broker", "replace", "0", "--force");
        Run word = run(Map.of("DCOS_URI", dcosUri()), "kafka", "broker", "replace", "1", "force");
        Run plain = run(Map.of("DCOS_URI", dcosUri()), "kafka", "broker", "replace", "2");
        assertThat(List.of(flag.status(), word.status(), plain.status())).containsOnly(DcosKafka.OK);
        assertThat(flag.out()).isEqualTo("{\n    \"message\": \"replacing\"\n}\n");
        assertThat(requests).containsExactly("PUT /service/kafka0/v1/brokers/0/replace?force=true",
                "PUT /service/kafka0/v1/brokers/1/replace?force=true", "PUT /service/kafka0/v1/brokers/2/replace");
    }

    @Test
    void unreachableServiceAndMissingAddressExitOne() {
        int closed = server.getAddress().getPort();
        server.stop(0);
        Run refused = run(Map.of("DCOS_URI", "http://127.0.0.1:" + closed), "kafka", "topic", "list");
        assertThat(refused.status()).isEqualTo(DcosKafka.FAILED);
        assertThat(refused.err()).contains("cannot connect to http://127.0.0.1:" + closed + "/service/kafka0");
        Run nowhere = run(Map.of(), "kafka", "topic", "list");
        assertThat(nowhere.status()).isEqualTo(DcosKafka.FAILED);
        assertThat(nowhere.err()).contains("set DCOS_URI");
    }

    @Test
    void versionPrintsTheApisMessageAndExitsOneWhileTheSchedulerHasNoVersionEndpoint() {
        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "version");
        assertThat(run.status()).isEqualTo(DcosKafka.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("Error: HTTP 404 Not Found (HTTP 404 from GET " + dcosUri()
                + "/service/kafka0/v1/version)\n");
        assertThat(requests).containsExactly("GET /service/kafka0/v1/version");
    }

    @Test
    void versionPrintsTheSchedulersAnswer() {
        version = "{\"scheduler\":\"0.1.0-SNAPSHOT\",\"kafka_version\":\"3.9.1\","
                + "\"brokers\":{\"0\":\"3.9.1\",\"1\":\"3.9.1\",\"2\":\"2.4.1\"}}";
        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "--framework-name=k1", "version");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\n    \"brokers\": {\n        \"0\": \"3.9.1\",\n        \"1\": \"3.9.1\",\n"
                + "        \"2\": \"2.4.1\"\n    },\n    \"kafka_version\": \"3.9.1\",\n"
                + "    \"scheduler\": \"0.1.0-SNAPSHOT\"\n}\n");
        assertThat(requests).containsExactly("GET /service/k1/v1/version");
    }

    @Test
    void planShowWatchFollowsThePlanUntilItIsCompleteOneLinePerChange() {
        String plan = "{\"status\":\"%s\",\"message\":\"\",\"target\":{\"id\":\"2\",\"changes\":[]},"
                + "\"phases\":[{\"name\":\"restart\",\"status\":\"%s\",\"steps\":[{\"id\":\"restart-0\","
                + "\"broker\":0,\"status\":\"%s\",\"message\":\"%s\"}]}],\"errors\":[]}";
        plans.add(plan.formatted("IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "restarting broker 0"));
        plans.add(plan.formatted("IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "restarting broker 0"));
        plans.add(plan.formatted("COMPLETE", "COMPLETE", "COMPLETE", "broker 0 runs target 2"));

        Run run = run(Map.of("DCOS_URI", dcosUri()), "kafka", "plan", "show", "--watch", "--interval=100ms");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                target 2
                restart-0 IN_PROGRESS: restarting broker 0
                plan: target 2 IN_PROGRESS, 0/1 steps complete
                restart-0 COMPLETE: broker 0 runs target 2
                plan: target 2 COMPLETE, 1/1 steps complete
                """);
        assertThat(requests).hasSize(3).containsOnly("GET /service/kafka0/v1/plan");
    }

    @Test
    void binDcosRunsTheJarAsTheUserWould() throws Exception {
        Path script = Path.of(System.getProperty("dcos.script", "../bin/dcos")).toAbsolutePath().normalize();
        assertThat(script).exists();
        Map<String, String> env = Map.of("DCOS_URI", dcosUri(), "DCOS_DIR", dcosDir.toString());

        Run list = exec(script, env, "kafka", "topic", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("[\n    \"topic1\",\n    \"topic0\"\n]\n");

        assertThat(exec(script, env, "config", "set", "kafka.framework_name", "kafka2").status()).isZero();
        assertThat(exec(script, env, "config", "show").out()).isEqualTo("kafka.framework_name kafka2\n");
        assertThat(exec(script, env, "kafka", "topic", "list").status()).isZero();
        assertThat(requests).containsExactly("GET /service/kafka0/v1/topics", "GET /service/kafka2/v1/topics");

        Run missing = exec(script, env, "kafka", "topic", "describe", "missing");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("topic \"missing\" does not exist");

        Run unsupported = exec(script, env, "job", "list");
        assertThat(unsupported.status()).isEqualTo(2);
        assertThat(unsupported.err()).contains("'job' is not supported");
    }

    private static Run exec(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KAFKA_SERVICE_URL");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("dcos-out", ".txt");
        Path err = Files.createTempFile("dcos-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/dcos " + String.join(" ", args) + " did not finish");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
