package io.kafkamesos.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.it.Json;
import io.kafkamesos.it.LocalCluster;
import io.kafkamesos.it.Poll;
import io.kafkamesos.it.SchedulerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15, the brokers' side: one ZooKeeper-mode cluster (on KRaft: {@link KraftTlsClusterIT}) of three 3.9.1 brokers installed with
 * {@code TLS_ENABLED=TRUE}, {@code AUTHENTICATION=SCRAM-SHA-512} and
 * {@code AUTHORIZATION_ENABLED=TRUE}. Each node got its certificate over Mesos (its key made on
 * its agent); clients reach the brokers on SASL_SSL only: a PLAINTEXT client is refused; a client
 * trusting {@code GET /v1/tls/ca}, with a user made through {@code POST /v1/users}, writes and
 * reads what its ACLs allow and nothing else, and is denied once the ACL is gone; the scheduler's
 * own endpoints (topics, {@code producer_test}, {@code under_replicated}, {@code /v1/connection})
 * work over its client certificate; the CA key is in no sandbox. The CA is the operator's
 * ({@code TLS_CA_CERT_FILE}, made here with the JDK's keytool) so that the test knows the key bytes
 * it searches the agents' work directories for; a generated CA signs the same way
 * ({@code SecureSchedulerIT} covers how it is made and sealed in ZooKeeper).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsClusterIT {
  private static final String TOPIC = "payments";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final long started = System.nanoTime();
  private final String name = name();
  private Path caDir;
  private PrivateKey caKey;
  private LocalCluster cluster;
  private SchedulerProcess scheduler;
  String api;

  @BeforeAll
  void install() throws Exception {
    // the operator's CA, made here (outside every agent's work directory) so that the test knows
    // the key whose bytes it then looks for in the sandboxes
    caDir = Files.createTempDirectory("tls-cluster-it-ca-");
    operatorCa(caDir);
    cluster = LocalCluster.start(3);
    Map<String, String> env = new java.util.HashMap<>(Map.ofEntries(Map.entry("FRAMEWORK_NAME", name),
        Map.entry("BROKER_COUNT", "3"), Map.entry("BROKER_HEAP_MB", "256"),
        Map.entry("TLS_ENABLED", "TRUE"), Map.entry("AUTHENTICATION", authentication()),
        Map.entry("AUTHORIZATION_ENABLED", "TRUE"),
        Map.entry("TLS_CA_CERT_FILE", caDir.resolve("ca.pem").toString()),
        Map.entry("TLS_CA_KEY_FILE", caDir.resolve("ca.key").toString()),
        Map.entry("TLS_VALIDITY_DAYS", "20"), Map.entry("TLS_RENEWAL_DAYS", "5"),
        Map.entry("API_TLS", "TRUE")));
    env.putAll(kafka());
    scheduler = cluster.startScheduler(env);
    scheduler.awaitApi(Duration.ofMinutes(2));
    // the API serves HTTPS (API_TLS); the tests ask it through mesos-local's /service proxy, as
    // DC/OS users do, and theApiServesHttpsWithACertificateOfTheClusterCa asks it directly
    api = scheduler.serviceUrl();
    Poll.untilTrue("three brokers registered with their " + clientListener() + " listeners",
        LocalCluster.BROKERS_UP, () -> {
          JsonNode connection = Json.get(api + "/v1/connection").body();
          return connection != null && connection.path("brokers").size() == 3
              && connection.path("listeners").path(clientListener()).size() == 3;
        });
  }

  /** How clients authenticate ({@code AUTHENTICATION}). */
  String authentication() {
    return "SCRAM-SHA-512";
  }

  /** The protocol of the brokers' client listener that {@link #authentication()} gives. */
  String clientListener() {
    return "SASL_SSL";
  }

  /** The Kafka principal of the user {@code alice} that {@link #aliceClient} makes. */
  String alicePrincipal() {
    return principalOf("alice");
  }

  /** The Kafka principal of a user that {@link #clientOf} makes. */
  String principalOf(String user) {
    return "User:" + user;
  }

  /** {@link #clientOf} alice. */
  Properties aliceClient(String bootstrap, String caPem) throws Exception {
    return clientOf("alice", bootstrap, caPem);
  }

  /**
   * A Kafka client of {@code bootstrap} that authenticates as {@link #principalOf} {@code name},
   * trusting {@code caPem}: a SCRAM user created through {@code POST /v1/users/<name>} (its
   * password never answered back) here.
   */
  Properties clientOf(String name, String bootstrap, String caPem) throws Exception {
    String password = name + "-" + UUID.randomUUID();
    HttpResponse<String> user = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/v1/users/" + name))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
    assertThat(user.body()).doesNotContain(password);
    return scram(name, bootstrap, caPem, password);
  }

  /** The cluster's framework name. */
  String name() {
    return "tls0";
  }

  /** The Kafka version and mode of the cluster (and its controllers'). */
  Map<String, String> kafka() {
    return Map.of("KAFKA_VERSION", "3.9.1", "KAFKA_METADATA_MODE", "zookeeper");
  }

  /** What the test prints its duration for. */
  String describe() {
    return "3 brokers of Kafka 3.9.1 with TLS, SCRAM and ACLs";
  }

  /** {@code /v1/connection}'s metadata side: Kafka's ZooKeeper here, the controllers on KRaft. */
  void checkMetadata(JsonNode connection) {
    assertThat(connection.path("zookeeper").asText()).endsWith("/" + name);
  }

  @AfterAll
  void stop() throws Exception {
    String prefix = getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    try {
      if (cluster != null) {
        cluster.keepAppLogs(Path.of("target", prefix + "-logs"));
        if (scheduler != null) {
          Files.copy(scheduler.log(), Path.of("target", prefix + "-scheduler.log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        cluster.close();
      }
      if (caDir != null) {
        LocalCluster.deleteRecursively(caDir);
      }
    } finally {
      System.out.printf("[%s] %s: %.1f s%n", getClass().getSimpleName(), describe(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  @Test
  @Order(1)
  void theSchedulersEndpointsWorkOverItsClientCertificate() {
    JsonNode connection = Json.get(api + "/v1/connection").body();
    assertThat(connection.path("listeners").has("PLAINTEXT")).as(connection.toString()).isFalse();
    List<String> brokers = texts(connection.path("brokers"));
    assertThat(brokers).containsExactlyInAnyOrderElementsOf(texts(connection.path("listeners").path(clientListener())));
    checkMetadata(connection);

    // the scheduler's first TLS connections to brokers that just started may take longer than its
    // 10 s call timeout on a loaded machine: a 503 (nothing done) is asked again
    Json.Answer created = Poll.until("topic " + TOPIC + " created through the API", Duration.ofMinutes(2), () -> {
      Json.Answer a = Json.post(api + "/v1/topics?name=" + TOPIC + "&partitions=3&replication=3");
      return a.status() == 503 ? java.util.Optional.empty() : java.util.Optional.of(a);
    });
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(200);
    assertThat(created.body().path("exit_code").asInt()).as(created.body().toString()).isZero();
    Poll.untilTrue("topic " + TOPIC + " listed", Duration.ofMinutes(1),
        () -> texts(Json.get(api + "/v1/topics").body()).contains(TOPIC));
    JsonNode described = Poll.until("topic " + TOPIC + " described with 3 partitions", Duration.ofMinutes(1),
        () -> {
          Json.Answer a = Json.get(api + "/v1/topics/" + TOPIC);
          return a.status() == 200 && a.body().path("partitions").size() == 3
              ? java.util.Optional.of(a.body()) : java.util.Optional.empty();
        });
    described.path("partitions").forEach(p -> p.fields().forEachRemaining(e ->
        assertThat(e.getValue().path("isr").size()).as(described.toString()).isEqualTo(3)));
    Json.Answer produced = Json.put(api + "/v1/topics/" + TOPIC + "?operation=producer-test&messages=50");
    assertThat(produced.status()).as(String.valueOf(produced.body())).isEqualTo(200);
    assertThat(produced.body().path("exit_code").asInt()).as(produced.body().toString()).isZero();
    Json.Answer under = Json.get(api + "/v1/topics/under_replicated_partitions");
    assertThat(under.status()).as(String.valueOf(under.body())).isEqualTo(200);
  }

  @Test
  @Order(2)
  void aPlaintextClientIsRefused() {
    String bootstrap = String.join(",", texts(Json.get(api + "/v1/connection").body().path("brokers")));
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (AdminClient plaintext = AdminClient.create(p)) {
      assertThatThrownBy(() -> plaintext.listTopics().names().get(30, TimeUnit.SECONDS))
          .as("a PLAINTEXT client on the " + clientListener() + " listener").isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  @Order(3)
  void aUserWritesAndReadsWhatItsAclsAllowUntilTheyAreRemoved() throws Exception {
    String ca = Json.text(api + "/v1/tls/ca");
    String bootstrap = String.join(",", texts(Json.get(api + "/v1/connection").body().path("listeners")
        .path(clientListener())));
    Properties client = aliceClient(bootstrap, ca);
    String topicAcl = "principal=" + alicePrincipal() + "&resource-type=topic&resource-name=" + TOPIC;
    Json.Answer producer = Json.post(api + "/v1/acls?" + topicAcl + "&producer=true");
    assertThat(producer.status()).as(String.valueOf(producer.body())).isEqualTo(201);
    Json.Answer consumer = Json.post(api + "/v1/acls?" + topicAcl + "&consumer=true&group=alice-group");
    assertThat(consumer.status()).as(String.valueOf(consumer.body())).isEqualTo(201);
    Json.Answer other = Json.post(api + "/v1/topics?name=forbidden&partitions=1&replication=3");
    assertThat(other.status()).as(String.valueOf(other.body())).isEqualTo(200);

    // ACLs reach every broker's authorizer through ZooKeeper: poll until the first write passes
    String first = Poll.until("alice's first write to " + TOPIC, Duration.ofMinutes(1), () -> {
      try (KafkaProducer<String, String> p = producer(client)) {
        p.send(new ProducerRecord<>(TOPIC, "k", "hello over " + clientListener())).get(20, TimeUnit.SECONDS);
        return java.util.Optional.of("written");
      } catch (Exception e) {
        return java.util.Optional.empty();
      }
    });
    assertThat(first).isEqualTo("written");
    try (KafkaProducer<String, String> p = producer(client)) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>("forbidden", "k", "v")).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    Properties consumerProps = new Properties();
    consumerProps.putAll(client);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-group");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> read = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps)) {
      c.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!read.contains("hello over " + clientListener()) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
          read.add(r.value());
        }
      }
    }
    assertThat(read).contains("hello over " + clientListener());

    Json.Answer removed = Json.delete(api + "/v1/acls?" + topicAcl + "&producer=true");
    assertThat(removed.status()).as(String.valueOf(removed.body())).isEqualTo(200);
    Poll.untilTrue("alice denied writing once her producer ACL is gone", Duration.ofMinutes(1), () -> {
      try (KafkaProducer<String, String> p = producer(client)) {
        p.send(new ProducerRecord<>(TOPIC, "k", "after removal")).get(20, TimeUnit.SECONDS);
        return false;
      } catch (ExecutionException e) {
        return e.getCause() instanceof TopicAuthorizationException;
      } catch (Exception e) {
        return false;
      }
    });
  }

  /**
   * {@code GET /v1/tls/certificates}: each broker and controller, read where it serves TLS, with a
   * certificate of the cluster CA that ends TLS_VALIDITY_DAYS after it was issued and is not due
   * for renewal; what the test reads there itself agrees.
   */
  @Test
  @Order(4)
  void everyNodeServesACertificateOfTheClusterCaThatIsNotDueYet() throws Exception {
    X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(Json.text(api + "/v1/tls/ca")
            .getBytes(StandardCharsets.US_ASCII)));
    List<String> controllers = texts(Json.get(api + "/v1/connection").body().path("controllers"));
    java.time.Instant now = java.time.Instant.now();

    Json.Answer answer = Json.get(api + "/v1/tls/certificates");

    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
    JsonNode report = answer.body();
    assertThat(report.path("renewal_days").asInt()).isEqualTo(5);
    assertThat(java.time.Instant.parse(report.path("checked_at").asText())).isBetween(now.minusSeconds(60),
        now.plusSeconds(60));
    List<String> nodes = new ArrayList<>();
    for (JsonNode node : report.path("certificates")) {
      nodes.add(node.path("node").asText());
      assertThat(node.has("error")).as(node.toString()).isFalse();
      assertThat(node.path("subject").asText()).as(node.toString()).contains(name + "-node");
      java.time.Instant end = java.time.Instant.parse(node.path("not_after").asText());
      // issued at the node's launch, minutes ago, for 20 days
      assertThat(end).as(node.toString()).isBetween(now.plus(Duration.ofDays(19)), now.plus(Duration.ofDays(20)));
      assertThat(node.path("renewal").isNull()).as(node.toString()).isTrue();
      assertThat(node.path("renewing").asBoolean()).as(node.toString()).isFalse();
      X509Certificate served = servedCertificate(node.path("address").asText());
      served.verify(ca.getPublicKey());
      assertThat(served.getNotAfter().toInstant()).as(node.toString()).isEqualTo(end);
    }
    List<String> expected = new ArrayList<>(List.of("broker 0", "broker 1", "broker 2"));
    assertThat(nodes).as(report.toString()).hasSize(3 + controllers.size()).containsAll(expected);
    assertThat(nodes.stream().filter(n -> n.startsWith("controller ")).count()).isEqualTo(controllers.size());
    for (JsonNode node : report.path("certificates")) {
      if (node.path("node").asText().startsWith("controller ")) {
        assertThat(controllers).contains(node.path("address").asText());
      }
    }
  }

  /**
   * {@code PUT /v1/tls/certificates/renew} (the same rolling restart an hourly check asks for a due
   * certificate): every node ends up serving a new certificate of the CA, one node restarting at a
   * time, while an {@code acks=all} idempotent producer authenticated as a user with ACLs keeps
   * going; every acknowledged record is read back in order.
   */
  @Test
  @Order(9)
  void aRenewalRollKeepsAnAcksAllProducerGoingAndLosesNothing() throws Exception {
    String topic = "renewed";
    String caPem = Json.text(api + "/v1/tls/ca");
    String bootstrap = String.join(",", texts(Json.get(api + "/v1/connection").body().path("listeners")
        .path(clientListener())));
    Json.Answer created = Poll.until("topic " + topic + " created", Duration.ofMinutes(2), () -> {
      Json.Answer a = Json.post(api + "/v1/topics?name=" + topic + "&partitions=3&replication=3");
      return a.status() == 503 ? java.util.Optional.empty() : java.util.Optional.of(a);
    });
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(200);
    String acl = "principal=" + principalOf("renewer") + "&resource-type=topic&resource-name=" + topic;
    assertThat(Json.post(api + "/v1/acls?" + acl + "&producer=true").status()).isEqualTo(201);
    assertThat(Json.post(api + "/v1/acls?" + acl + "&consumer=true&group=renewer").status()).isEqualTo(201);
    Properties client = clientOf("renewer", bootstrap, caPem);
    Poll.until("the renewer's first write (ACLs reach every broker)", Duration.ofMinutes(1), () -> {
      try (KafkaProducer<String, String> p = producer(client)) {
        p.send(new ProducerRecord<>(topic, "k", "first")).get(20, TimeUnit.SECONDS);
        return java.util.Optional.of("written");
      } catch (Exception e) {
        return java.util.Optional.empty();
      }
    });
    Map<String, Object> security = new java.util.HashMap<>();
    client.forEach((k, v) -> security.put((String) k, v));
    security.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    Map<String, java.math.BigInteger> before = new java.util.LinkedHashMap<>();
    for (JsonNode node : Json.get(api + "/v1/tls/certificates").body().path("certificates")) {
      before.put(node.path("node").asText(), servedCertificate(node.path("address").asText()).getSerialNumber());
    }

    try (io.kafkamesos.it.AckedProducer producer = io.kafkamesos.it.AckedProducer.start(bootstrap, topic, 200,
        security)) {
      Poll.untilTrue("records acknowledged before the renewal", Duration.ofMinutes(1),
          () -> producer.acknowledged() > 100);
      Json.Answer renewal = Json.put(api + "/v1/tls/certificates/renew");
      assertThat(renewal.status()).as(String.valueOf(renewal.body())).isEqualTo(202);
      assertThat(renewal.body().path("certificates").findValuesAsText("renewing")).as(renewal.body().toString())
          .hasSize(before.size()).containsOnly("true");

      Poll.untilTrue("every node serving a new certificate of the CA", Duration.ofMinutes(10), () -> {
        JsonNode now = Json.get(api + "/v1/tls/certificates").body();
        if (now == null || now.path("certificates").size() != before.size()) {
          return false;
        }
        for (JsonNode node : now.path("certificates")) {
          java.math.BigInteger was = before.get(node.path("node").asText());
          if (node.has("error") || was == null) {
            return false;
          }
          try {
            if (servedCertificate(node.path("address").asText()).getSerialNumber().equals(was)) {
              return false;
            }
          } catch (AssertionError restarting) {
            return false; // the node restarts: nothing served there right now
          }
        }
        return true;
      });
      long more = producer.acknowledged() + 200;
      Poll.untilTrue("the producer keeps going after the renewal", Duration.ofMinutes(2),
          () -> producer.acknowledged() > more);
      producer.stop();
      assertThat(producer.errors()).as("send errors during the renewal roll").isEmpty();
      producer.assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap, security);
    }
    String ca = caPem;
    X509Certificate authority = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(ca.getBytes(StandardCharsets.US_ASCII)));
    for (JsonNode node : Json.get(api + "/v1/tls/certificates").body().path("certificates")) {
      servedCertificate(node.path("address").asText()).verify(authority.getPublicKey());
    }
  }

  /**
   * {@code API_TLS}: the scheduler's own port serves HTTPS with a certificate of the cluster CA for
   * its host, which a client trusting only {@code GET /v1/tls/ca} accepts with the host name
   * checked, and a client trusting the JVM's authorities refuses; the CLI works against it once
   * given the CA ({@code DCOS_SSL_VERIFY}) and says what to do without it.
   */
  @Test
  @Order(8)
  void theApiServesHttpsWithACertificateOfTheClusterCa() throws Exception {
    String caPem = Json.text(api + "/v1/tls/ca");
    X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
    String direct = scheduler.apiUrl();
    assertThat(direct).startsWith("https://127.0.0.1:");
    int port = URI.create(direct).getPort();

    // the certificate is issued once the CA is read: poll until the stand-in is replaced
    X509Certificate served = Poll.until("the API serving a certificate of the cluster CA", Duration.ofMinutes(1),
        () -> {
          X509Certificate now = servedCertificate("127.0.0.1:" + port);
          return now.getIssuerX500Principal().equals(ca.getSubjectX500Principal())
              ? java.util.Optional.of(now) : java.util.Optional.empty();
        });
    served.verify(ca.getPublicKey());
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=" + name + "-api,O=kafka-mesos");

    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    HttpClient trusting = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    for (String host : List.of("127.0.0.1", "localhost")) {
      HttpResponse<String> brokers = trusting.send(HttpRequest.newBuilder(
          URI.create("https://" + host + ":" + port + "/v1/brokers")).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(brokers.statusCode()).as(brokers.body()).isEqualTo(200);
      assertThat(JSON.readTree(brokers.body()).path("brokers").size()).as(brokers.body()).isEqualTo(3);
    }
    assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(direct + "/v1/brokers"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
        .as("a client that trusts only the JVM's authorities").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

    Path cliDir = Files.createTempDirectory("tls-cluster-it-cli-");
    try {
      Path caFile = Files.writeString(cliDir.resolve("ca.pem"), caPem);
      io.kafkamesos.it.DcosCli cli = io.kafkamesos.it.DcosCli.direct(direct, cliDir);
      io.kafkamesos.it.DcosCli.Run refused = cli.kafka("broker", "list");
      assertThat(refused.exit()).as(refused.toString()).isNotZero();
      assertThat(refused.err()).as(refused.toString()).contains("is not trusted").contains("core.ssl_verify");
      io.kafkamesos.it.DcosCli.Run listed = cli.withEnv("DCOS_SSL_VERIFY", caFile.toString()).kafka("broker", "list");
      assertThat(listed.exit()).as(listed.toString()).isZero();
      assertThat(listed.json().path("brokers").size()).as(listed.toString()).isEqualTo(3);
    } finally {
      LocalCluster.deleteRecursively(cliDir);
    }
  }

  /** The leaf that {@code host:port} serves, read by the test's own handshake (ended once it has it). */
  private static X509Certificate servedCertificate(String address) throws Exception {
    int colon = address.lastIndexOf(':');
    java.util.concurrent.atomic.AtomicReference<X509Certificate> seen = new java.util.concurrent.atomic.AtomicReference<>();
    javax.net.ssl.X509TrustManager recorder = new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String type) throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("client");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String type) throws java.security.cert.CertificateException {
        seen.set(chain[0]);
        throw new java.security.cert.CertificateException("seen");
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {recorder}, null);
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
        .createSocket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
    } catch (java.io.IOException e) {
      // ended by the recorder
    }
    assertThat(seen.get()).as("a certificate served at %s", address).isNotNull();
    return seen.get();
  }

  @Test
  @Order(5)
  void theCaKeyIsInNoSandboxAndNodeKeysAreNotInMesosState() throws Exception {
    byte[] der = caKey.getEncoded();
    String base64 = Base64.getEncoder().encodeToString(der);
    List<byte[]> needles = new ArrayList<>(List.of(der,
        base64.substring(0, 64).getBytes(StandardCharsets.US_ASCII),
        base64.substring(base64.length() - 40).getBytes(StandardCharsets.US_ASCII)));
    if (caKey instanceof ECPrivateKey ec) {
      byte[] s = ec.getS().toByteArray();
      byte[] scalar = new byte[32];
      System.arraycopy(s, Math.max(0, s.length - 32), scalar, Math.max(0, 32 - s.length), Math.min(32, s.length));
      needles.add(scalar);
    }
    List<Path> keystores = new ArrayList<>();
    long files = 0;
    try (Stream<Path> walk = Files.walk(cluster.workDir())) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        if (file.getFileName().toString().equals("node.keystore.p12")) {
          keystores.add(file);
        }
        if (Files.size(file) > 64L * 1024 * 1024) {
          continue; // the Kafka archives and the logs' segments: nothing of ours is that large
        }
        files++;
        byte[] content = Files.readAllBytes(file);
        for (byte[] needle : needles) {
          assertThat(indexOf(content, needle)).as("the CA key's bytes in %s", file).isEqualTo(-1);
        }
      }
    }
    assertThat(keystores).as("each node's key store in its sandbox (searched %d files)", files)
        .hasSizeGreaterThanOrEqualTo(3);
    // the CA clients are told to trust is the operator's
    X509Certificate served = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(Json.text(api + "/v1/tls/ca")
            .getBytes(StandardCharsets.US_ASCII)));
    assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=" + name + " operator CA");
    String state = cluster.state().toString();
    assertThat(state).doesNotContain("PRIVATE KEY").doesNotContain("ssl.keystore.password");
  }

  /** A CA made with the JDK's keytool: its certificate and PKCS#8 key as PEM files in {@code dir}. */
  private void operatorCa(Path dir) throws Exception {
    Path store = dir.resolve("ca.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name + " operator CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
        "-validity", "60", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit").redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      p12.load(in, "changeit".toCharArray());
    }
    caKey = (PrivateKey) p12.getKey("ca", "changeit".toCharArray());
    Files.writeString(dir.resolve("ca.key"), pem("PRIVATE KEY", caKey.getEncoded()));
    Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", p12.getCertificate("ca").getEncoded()));
    Files.delete(store);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static Properties scram(String user, String bootstrap, String caPem, String password) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
        + " username=\"" + user + "\" password=\"" + password + "\";");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.certificates", caPem);
    return p;
  }

  private static KafkaProducer<String, String> producer(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
