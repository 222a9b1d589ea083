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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's token against a real HTTP server that checks it as {@code API_AUTH} does: sent as
 * {@code Authorization: token=<t>} with every request, from {@code core.dcos_acs_token} or
 * {@code DCOS_ACS_TOKEN}; a 401 or 403 prints the service's message and exits 1.
 */
class DcosKafkaTokenIT {

    private static final String TOKEN = "tok-3q2-good";
    private static final String READ_ONLY = "tok-read-only";

    @TempDir
    Path dcosDir;

    private HttpServer server;
    /** "METHOD URI | Authorization | body" of each request. */
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " | " + auth + " | " + body);
            int status;
            String answer;
            if (auth == null || !(auth.equals("token=" + TOKEN) || auth.equals("token=" + READ_ONLY))) {
                status = 401;
                answer = "{\"code\":401,\"message\":\"this API needs credentials: Authorization: token=<token>\"}";
            } else if (auth.equals("token=" + READ_ONLY) && !exchange.getRequestMethod().equals("GET")) {
                status = 403;
                answer = "{\"code\":403,\"message\":\"token may only read (GET)\"}";
            } else {
                status = exchange.getRequestMethod().equals("POST") ? 201 : 200;
                answer = exchange.getRequestURI().getPath().endsWith("/v1/users")
                        ? "{\"users\":[]}" : "{\"name\":\"alice\",\"mechanisms\":[]}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
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

    private record Run(int status, String out, String err) {
    }

    /** One CLI run as main() makes it: the token from the environment or the config file. */
    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliConfig config = new CliConfig(dcosDir.resolve(CliConfig.FILE_NAME));
        int status = new DcosKafka(env, config, JsonHttp.create(CliConfig.token(env, config)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> dcos() {
        return Map.of("DCOS_URI", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void withoutATokenTheServicesMessageIsPrintedWithWhatToDo() {
        Run run = run(dcos(), "kafka", "user", "list");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Error: this API needs credentials: Authorization: token=<token> (HTTP 401"
                + " from GET http://127.0.0.1:")
                .contains("The service asks who you are: dcos config set core.dcos_acs_token <token>");
        assertThat(requests).containsExactly("GET /service/kafka0/v1/users | null | ");
    }

    @Test
    void aWatchWithoutATokenEndsAtOnce() {
        Run run = run(dcos(), "kafka", "plan", "show", "--watch", "--interval=100ms", "--timeout=1m");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: this API needs credentials: Authorization: token=<token> (HTTP 401"
                + " from GET http://127.0.0.1:").contains("dcos config set core.dcos_acs_token <token>");
        assertThat(requests).hasSize(1);
    }

    @Test
    void theConfiguredTokenGoesWithEveryRequestAndIsMaskedInShow() throws Exception {
        assertThat(run(Map.of(), "config", "set", "core.dcos_acs_token", TOKEN).status()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dcosDir.resolve(CliConfig.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(run(Map.of(), "config", "show").out()).isEqualTo("core.dcos_acs_token ********\n");
        assertThat(run(Map.of(), "config", "show", "core.dcos_acs_token").out()).isEqualTo(TOKEN + "\n");

        Run list = run(dcos(), "kafka", "user", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("{\n    \"users\": []\n}\n");
        Path password = dcosDir.resolve("password");
        Files.writeString(password, "alice-password\n");
        Run create = run(dcos(), "kafka", "user", "create", "alice", "--password-file", password.toString());
        assertThat(create.status()).as(create.err()).isZero();
        Path csr = dcosDir.resolve("alice.csr");
        Files.writeString(csr, "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n");
        Run certificate = run(dcos(), "kafka", "user", "certificate", "alice", "--csr", csr.toString());
        assertThat(certificate.status()).as(certificate.err()).isZero();
        assertThat(requests).containsExactly(
                "GET /service/kafka0/v1/users | token=" + TOKEN + " | ",
                "POST /service/kafka0/v1/users/alice | token=" + TOKEN + " | {\"password\":\"alice-password\"}",
                "POST /service/kafka0/v1/users/alice/certificate | token=" + TOKEN + " | {\"csr\":"
                        + "\"-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n-----END CERTIFICATE REQUEST-----\\n\"}");
    }

    @Test
    void theVariableWinsOverTheConfigAndAWrongTokenIsSaidSo() {
        run(Map.of(), "config", "set", "core.dcos_acs_token", TOKEN);
        Map<String, String> env = new java.util.HashMap<>(dcos());
        env.put("DCOS_ACS_TOKEN", "tok-wrong");
        Run run = run(env, "kafka", "acl", "list");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("(HTTP 401 from GET").contains("was refused").doesNotContain("tok-wrong");
        assertThat(requests).containsExactly("GET /service/kafka0/v1/acls | token=tok-wrong | ");
    }

    @Test
    void aReadOnlyTokenMayReadButNotChange() {
        Map<String, String> env = new java.util.HashMap<>(dcos());
        env.put("DCOS_ACS_TOKEN", READ_ONLY);
        assertThat(run(env, "kafka", "user", "list").status()).isZero();
        Run delete = run(env, "kafka", "user", "delete", "alice");
        assertThat(delete.status()).isEqualTo(1);
        assertThat(delete.err()).startsWith("Error: token may only read (GET) (HTTP 403 from DELETE");
    }

    @Test
    void aTokenThatCannotBeSentIsRefusedBeforeAnyRequest() {
        Run run = run(Map.of(), "config", "set", "core.dcos_acs_token", "two words");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("invalid core.dcos_acs_token");
        assertThat(requests).isEmpty();
    }
}
