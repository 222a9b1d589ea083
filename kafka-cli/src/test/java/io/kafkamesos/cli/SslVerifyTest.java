package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.UsageException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code core.ssl_verify} / {@code DCOS_SSL_VERIFY} against a real HTTPS server on loopback whose
 * certificate (made with the JDK's keytool, for 127.0.0.1) is its own authority: trusted only when
 * the CLI is given that file, with the host name checked.
 */
class SslVerifyTest {

    @TempDir
    Path dir;
    private HttpsServer server;
    private Path caPem;

    @BeforeEach
    void serve() throws Exception {
        Path store = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getCertificate("server").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/v1/brokers", exchange -> {
            byte[] body = "{\"brokers\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theGivenCaFileIsTrustedAndNothingElse() {
        URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/brokers");
        CliConfig config = new CliConfig(dir.resolve("kafka-mesos.properties"));

        Optional<SSLContext> none = CliConfig.trust(Map.of(), config);
        assertThat(none).isEmpty();
        assertThatThrownBy(() -> JsonHttp.create(Optional.empty(), none).send("GET", uri, Optional.empty()))
                .isInstanceOf(JsonHttp.HttpFailure.class)
                .hasMessageContaining("is not trusted").hasMessageContaining("core.ssl_verify");

        config.set(CliConfig.SSL_VERIFY, caPem.toString());
        Optional<SSLContext> configured = CliConfig.trust(Map.of(), config);
        assertThat(configured).isPresent();
        JsonHttp.Answer answer = JsonHttp.create(Optional.empty(), configured).send("GET", uri, Optional.empty());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"brokers\":[]}");

        // the variable wins over the file's setting, as DCOS_URI does over core.dcos_url
        assertThat(CliConfig.trust(Map.of("DCOS_SSL_VERIFY", "true"), config)).isEmpty();
        assertThat(CliConfig.trust(Map.of("DCOS_SSL_VERIFY", caPem.toString()), new CliConfig(dir.resolve("x"))))
                .isPresent();
    }

    @Test
    void falseAMissingFileAndAFileWithoutCertificatesAreRefused() throws Exception {
        CliConfig config = new CliConfig(dir.resolve("kafka-mesos.properties"));
        assertThatThrownBy(() -> config.set(CliConfig.SSL_VERIFY, "false"))
                .isInstanceOf(UsageException.class).hasMessageContaining("always checks");
        assertThatThrownBy(() -> config.set(CliConfig.SSL_VERIFY, dir.resolve("none.pem").toString()))
                .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> CliConfig.trust(Map.of("DCOS_SSL_VERIFY", "FALSE"), config))
                .isInstanceOf(UsageException.class).hasMessageContaining("DCOS_SSL_VERIFY=false");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> CliConfig.trust(Map.of("DCOS_SSL_VERIFY", empty.toString()), config))
                .isInstanceOf(UsageException.class);
        assertThat(Files.exists(config.file())).isFalse();
    }

    private static void keytool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
    }
}
