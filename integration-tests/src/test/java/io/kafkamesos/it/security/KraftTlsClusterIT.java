package io.kafkamesos.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issues 14 and 15: {@link TlsClusterIT}'s checks on a KRaft cluster of Kafka 4.4.0 (one
 * controller, three brokers) installed with {@code TLS_ENABLED}, {@code AUTHENTICATION=MTLS} and
 * {@code AUTHORIZATION_ENABLED} (SCRAM is {@link TlsClusterIT}'s): the user alice is a key made
 * with the JDK's keytool, whose certificate request {@code POST /v1/users/alice/certificate}
 * signs, and her ACLs name {@code User:CN=alice}; a TLS client without a certificate is refused.
 * The controller's quorum listener is SSL with client certificates,
 * every node runs the {@code StandardAuthorizer}, the executor's health probes and the scheduler's
 * admin clients (brokers and controllers) connect with their certificates. Besides the inherited
 * checks: {@code /v1/connection} names the controller instead of ZooKeeper, the scheduler's view of
 * the quorum ({@code /v1/controllers}, over the controller listener) has its leader, and a
 * PLAINTEXT client of the controller is refused.
 */
class KraftTlsClusterIT extends TlsClusterIT {

  @Override
  String name() {
    return "ktls0";
  }

  @Override
  Map<String, String> kafka() {
    return Map.of("KAFKA_VERSION", "4.4.0", "CONTROLLER_COUNT", "1", "CONTROLLER_HEAP_MB", "128",
        "CONTROLLER_MEM", "384", "CONTROLLER_CPUS", "0.3");
  }

  @Override
  String describe() {
    return "1 controller + 3 brokers of Kafka 4.4.0 (KRaft) with TLS, mTLS clients and ACLs";
  }

  @Override
  String authentication() {
    return "MTLS";
  }

  @Override
  String clientListener() {
    return "SSL";
  }

  @Override
  String principalOf(String user) {
    return "User:CN=" + user;
  }

  /** The user's own key (it never leaves the test), its request made by keytool, signed by the API. */
  @Override
  Properties clientOf(String user, String bootstrap, String caPem) throws Exception {
    Path dir = Files.createTempDirectory(user + "-");
    try {
      Path store = dir.resolve(user + ".p12");
      keytool("-genkeypair", "-alias", user, "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=" + user, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
          "-storepass", "changeit");
      keytool("-certreq", "-alias", user, "-keystore", store.toString(), "-storepass", "changeit",
          "-file", dir.resolve(user + ".csr").toString());
      Json.Answer signed = Json.post(api + "/v1/users/" + user + "/certificate",
          Files.readString(dir.resolve(user + ".csr")));
      assertThat(signed.status()).as(String.valueOf(signed.body())).isEqualTo(201);
      assertThat(signed.body().path("principal").asText()).isEqualTo(principalOf(user));
      assertThat(signed.body().path("ca").asText()).isEqualTo(caPem);
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(store)) {
        p12.load(in, "changeit".toCharArray());
      }
      PrivateKey key = (PrivateKey) p12.getKey(user, "changeit".toCharArray());
      Properties p = tls(bootstrap, caPem);
      p.put("ssl.keystore.type", "PEM");
      p.put("ssl.keystore.certificate.chain", signed.body().path("certificate").asText());
      p.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
      return p;
    } finally {
      LocalCluster.deleteRecursively(dir);
    }
  }

  private static Properties tls(String bootstrap, String caPem) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.certificates", caPem);
    return p;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
  }

  @Test
  @Order(7)
  void aTlsClientWithoutACertificateIsRefused() {
    String bootstrap = String.join(",", texts(Json.get(api + "/v1/connection").body().path("listeners")
        .path(clientListener())));
    Properties p = tls(bootstrap, Json.text(api + "/v1/tls/ca"));
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (AdminClient anonymous = AdminClient.create(p)) {
      assertThatThrownBy(() -> anonymous.listTopics().names().get(30, TimeUnit.SECONDS))
          .as("a TLS client that trusts the CA but has no certificate").isInstanceOf(ExecutionException.class);
    }
  }

  @Override
  void checkMetadata(JsonNode connection) {
    assertThat(connection.has("zookeeper") && !connection.get("zookeeper").isNull())
        .as(connection.toString()).isFalse();
    assertThat(connection.path("controllers").size()).as(connection.toString()).isEqualTo(1);
  }

  @Test
  @Order(6)
  void theSchedulerSeesTheQuorumOverTlsAndAPlaintextClientOfTheControllerIsRefused() {
    JsonNode quorum = Poll.until("the quorum's leader in GET /v1/controllers", LocalCluster.BROKERS_UP,
        () -> {
          JsonNode q = Json.get(api + "/v1/controllers").body();
          return q != null && q.hasNonNull("leader") ? Optional.of(q) : Optional.empty();
        });
    assertThat(quorum.path("controllers").findValuesAsText("role")).as(quorum.toString())
        .containsExactly("leader");

    String controller = texts(Json.get(api + "/v1/connection").body().path("controllers")).get(0);
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (AdminClient plaintext = AdminClient.create(p)) {
      assertThatThrownBy(() -> plaintext.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS))
          .as("a PLAINTEXT client on the controller's SSL listener").isInstanceOf(ExecutionException.class);
    }
  }
}
