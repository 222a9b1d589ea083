package io.kafkamesos.scheduler.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.scheduler.topic.KafkaCluster;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/users} and {@code /v1/acls} against a real Kafka 3.9.1 broker in ZooKeeper mode with
 * Kafka's ACL authorizer ({@code super.users=User:ANONYMOUS}, so that the API's PLAINTEXT admin
 * client may manage ACLs) and a SASL_PLAINTEXT listener with SCRAM-SHA-512: what the API stores
 * is checked with Kafka's own admin client, and the users and ACLs it made are used by real
 * producers and consumers that authenticate with them.
 */
class AccessApiIT {

  private static int saslPort;
  private static KafkaCluster kafka;
  private static AccessApiServer api;
  private static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      saslPort = socket.getLocalPort();
    }
    kafka = KafkaCluster.start(1, Map.of(
        "authorizer.class.name", "kafka.security.authorizer.AclAuthorizer",
        "super.users", "User:ANONYMOUS",
        "allow.everyone.if.no.acl.found", "false",
        // a SCRAM listener beside the helper's PLAINTEXT one (these keys come later and win)
        "listeners", "PLAINTEXT://127.0.0.1:{port},SASL_PLAINTEXT://127.0.0.1:" + saslPort,
        "advertised.listeners", "PLAINTEXT://127.0.0.1:{port},SASL_PLAINTEXT://127.0.0.1:" + saslPort,
        "sasl.enabled.mechanisms", "SCRAM-SHA-512,SCRAM-SHA-256",
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "inter.broker.listener.name", "PLAINTEXT"));
    api = new AccessApiServer(kafka.bootstrapServers());
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    admin = Admin.create(props);
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (api != null) {
      api.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void removeEverything() throws Exception {
    admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get(30, TimeUnit.SECONDS);
    for (String user : admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).keySet()) {
      api.call("DELETE", "/v1/users/" + user);
    }
  }

  private static Set<AclBinding> kafkaAcls() throws Exception {
    return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
  }

  private static AclBinding acl(String principal, ResourceType type, String name, PatternType pattern,
      AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
  }

  @Test
  void usersAreCreatedListedUpdatedAndDeleted() throws Exception {
    AccessApiServer.Answer alice = api.call("POST", "/v1/users/alice", "{\"password\":\"alice-password-1\"}");
    assertThat(alice.status()).as(alice.toString()).isEqualTo(201);
    assertThat(alice.body().toString()).isEqualTo(
        "{\"name\":\"alice\",\"mechanisms\":[{\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":4096}]}");

    // no body: a generated password, answered once and not cached
    AccessApiServer.Answer bob = api.call("POST", "/v1/users/bob");
    assertThat(bob.status()).as(bob.toString()).isEqualTo(201);
    assertThat(bob.body().path("password").asText()).matches("[A-Za-z0-9]{32}");
    assertThat(bob.response().headers().firstValue("Cache-Control")).hasValueSatisfying(
        value -> assertThat(value).contains("no-store"));

    AccessApiServer.Answer again = api.call("POST", "/v1/users/alice", "{\"password\":\"alice-password-2\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("message").asText()).isEqualTo("user \"alice\" exists (SCRAM-SHA-512);"
        + " POST /v1/users/alice?update=true sets its password");

    AccessApiServer.Answer updated = api.call("POST", "/v1/users/alice?update=true",
        "{\"password\":\"alice-password-2\",\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":8192}");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(201);
    assertThat(updated.body().path("password").isMissingNode()).isTrue();

    Map<String, UserScramCredentialsDescription> stored =
        admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS);
    assertThat(stored.keySet()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(stored.get("alice").credentialInfos()).containsExactlyInAnyOrder(
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));

    JsonNode list = api.call("GET", "/v1/users").body();
    assertThat(list.toString()).isEqualTo("{\"users\":["
        + "{\"name\":\"alice\",\"mechanisms\":[{\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":8192},"
        + "{\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":4096}]},"
        + "{\"name\":\"bob\",\"mechanisms\":[{\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":4096}]}]}");
    assertThat(list.toString()).doesNotContain("password");

    // the passwords work: both users authenticate on the SCRAM listener
    awaitAuthenticated("alice", "alice-password-2", "SCRAM-SHA-256");
    awaitAuthenticated("alice", "alice-password-1", "SCRAM-SHA-512");
    awaitAuthenticated("bob", bob.body().path("password").asText(), "SCRAM-SHA-512");

    AccessApiServer.Answer one = api.call("DELETE", "/v1/users/alice?mechanism=SCRAM-SHA-256");
    assertThat(one.body().toString()).isEqualTo(
        "{\"name\":\"alice\",\"mechanisms\":[{\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":8192}]}");
    assertThat(api.call("GET", "/v1/users/alice").body().path("mechanisms")).hasSize(1);
    assertThat(api.call("DELETE", "/v1/users/alice").status()).isEqualTo(200);
    AccessApiServer.Answer gone = api.call("GET", "/v1/users/alice");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().path("message").asText()).isEqualTo("user \"alice\" does not exist (it has no"
        + " SCRAM credential)");
    assertThat(api.call("DELETE", "/v1/users/alice").status()).isEqualTo(404);
    assertThat(admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).keySet())
        .containsExactly("bob");
  }

  @Test
  void badUserRequestsChangeNothing() throws Exception {
    assertThat(api.call("POST", "/v1/users/alice", "{\"password\":\"short\"}").status()).isEqualTo(400);
    assertThat(api.call("POST", "/v1/users/alice?password=alice-password-1", "{}").status()).isEqualTo(400);
    assertThat(api.call("POST", "/v1/users/a%2Cb", "{}").status()).isEqualTo(400);
    assertThat(admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void theProducerAndConsumerShortcutsGrantExactlyWhatTheyNeed() throws Exception {
    admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    String bobPassword = api.call("POST", "/v1/users/bob").body().path("password").asText();
    String carolPassword = api.call("POST", "/v1/users/carol").body().path("password").asText();

    AccessApiServer.Answer producer = api.call("POST", "/v1/acls?principal=User:bob&producer=true"
        + "&resource-name=orders&transactional-id=orders-tx&idempotent=true");
    assertThat(producer.status()).as(producer.toString()).isEqualTo(201);
    assertThat(producer.body().path("acls")).hasSize(6);
    AccessApiServer.Answer consumer = api.call("POST", "/v1/acls?principal=User:carol&consumer=true"
        + "&group=billing&resource-type=topic&resource-name=orders");
    assertThat(consumer.status()).isEqualTo(201);
    assertThat(consumer.body().toString()).isEqualTo("{\"acls\":["
        + "{\"principal\":\"User:carol\",\"resource_type\":\"group\",\"resource_name\":\"billing\","
        + "\"pattern_type\":\"LITERAL\",\"operation\":\"read\",\"permission\":\"ALLOW\",\"host\":\"*\"},"
        + "{\"principal\":\"User:carol\",\"resource_type\":\"topic\",\"resource_name\":\"orders\","
        + "\"pattern_type\":\"LITERAL\",\"operation\":\"describe\",\"permission\":\"ALLOW\",\"host\":\"*\"},"
        + "{\"principal\":\"User:carol\",\"resource_type\":\"topic\",\"resource_name\":\"orders\","
        + "\"pattern_type\":\"LITERAL\",\"operation\":\"read\",\"permission\":\"ALLOW\",\"host\":\"*\"}]}");

    // exactly what kafka-acls --producer --transactional-id --idempotent and --consumer --group grant
    assertThat(kafkaAcls()).containsExactlyInAnyOrder(
        acl("User:bob", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE),
        acl("User:bob", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE),
        acl("User:bob", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.CREATE),
        acl("User:bob", ResourceType.TRANSACTIONAL_ID, "orders-tx", PatternType.LITERAL, AclOperation.WRITE),
        acl("User:bob", ResourceType.TRANSACTIONAL_ID, "orders-tx", PatternType.LITERAL, AclOperation.DESCRIBE),
        acl("User:bob", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE),
        acl("User:carol", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
        acl("User:carol", ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE),
        acl("User:carol", ResourceType.GROUP, "billing", PatternType.LITERAL, AclOperation.READ));
    assertThat(api.call("GET", "/v1/acls").body().path("acls")).hasSize(9);
    assertThat(api.call("GET", "/v1/acls?principal=User:carol").body().path("acls")).hasSize(3);
    assertThat(api.call("GET", "/v1/acls?resource-type=topic&resource-name=orders").body().path("acls")).hasSize(5);

    // the ACLs work: bob writes, carol reads what bob wrote; neither may do the other's part
    produce("bob", bobPassword, "orders", "order-1");
    assertThat(consume("carol", carolPassword, "orders", "billing")).containsExactly("order-1");
    assertThat(denied(() -> consume("bob", bobPassword, "orders", "billing"))).isTrue();
    assertThat(denied(() -> produce("carol", carolPassword, "orders", "order-2"))).isTrue();

    // removing the consumer shortcut removes exactly its three bindings; carol is denied again
    AccessApiServer.Answer removed = api.call("DELETE", "/v1/acls?principal=User:carol&consumer=true"
        + "&group=billing&resource-name=orders");
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.body()).isEqualTo(consumer.body());
    assertThat(kafkaAcls()).hasSize(6).allMatch(b -> b.entry().principal().equals("User:bob"));
    awaitDenied(() -> consume("carol", carolPassword, "orders", "billing"));

    AccessApiServer.Answer bobs = api.call("DELETE", "/v1/acls?principal=User:bob");
    assertThat(bobs.body().path("acls")).hasSize(6);
    assertThat(kafkaAcls()).isEmpty();
  }

  @Test
  void oneAclIsAddedListedAndRemovedAsGiven() throws Exception {
    AccessApiServer.Answer added = api.call("POST", "/v1/acls?principal=User:dave&resource-type=topic"
        + "&resource-name=logs-&pattern-type=PREFIXED&operation=describe-configs&permission=DENY&host=10.1.2.3");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    AclBinding expected = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "logs-", PatternType.PREFIXED),
        new AccessControlEntry("User:dave", "10.1.2.3", AclOperation.DESCRIBE_CONFIGS, AclPermissionType.DENY));
    assertThat(kafkaAcls()).containsExactly(expected);
    JsonNode binding = added.body().path("acls").get(0);
    assertThat(binding.toString()).isEqualTo("{\"principal\":\"User:dave\",\"resource_type\":\"topic\","
        + "\"resource_name\":\"logs-\",\"pattern_type\":\"PREFIXED\",\"operation\":\"describe-configs\","
        + "\"permission\":\"DENY\",\"host\":\"10.1.2.3\"}");
    // a topic under the prefix matches it; the literal name does not
    assertThat(api.call("GET", "/v1/acls?resource-type=topic&resource-name=logs-app&pattern-type=MATCH")
        .body().path("acls")).hasSize(1);
    assertThat(api.call("GET", "/v1/acls?resource-type=topic&resource-name=logs-app").body().path("acls"))
        .isEmpty();
    // adding it again changes nothing
    assertThat(api.call("POST", "/v1/acls?principal=User:dave&resource-type=topic&resource-name=logs-"
        + "&pattern-type=PREFIXED&operation=describe-configs&permission=DENY&host=10.1.2.3").status()).isEqualTo(201);
    assertThat(kafkaAcls()).containsExactly(expected);

    // each field of the answer, given back as a parameter, selects exactly it
    StringBuilder query = new StringBuilder("/v1/acls?principal=User:dave");
    query.append("&resource-type=").append(binding.path("resource_type").asText())
        .append("&resource-name=").append(binding.path("resource_name").asText())
        .append("&pattern-type=").append(binding.path("pattern_type").asText())
        .append("&operation=").append(binding.path("operation").asText())
        .append("&permission=").append(binding.path("permission").asText())
        .append("&host=").append(binding.path("host").asText());
    AccessApiServer.Answer removed = api.call("DELETE", query.toString());
    assertThat(removed.body().path("acls")).hasSize(1);
    assertThat(kafkaAcls()).isEmpty();
  }

  @Test
  void badAclRequestsChangeNothing() throws Exception {
    AccessApiServer.Answer wrong = api.call("POST", "/v1/acls?principal=User:x&resource-type=group"
        + "&resource-name=g&operation=write");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body().path("message").asText()).startsWith("invalid operation write for resource-type group");
    assertThat(api.call("POST", "/v1/acls?resource-type=topic&resource-name=t&operation=read").status())
        .isEqualTo(400);
    assertThat(api.call("POST", "/v1/acls?principal=User:x&producer=true&resource-name=t&operation=read")
        .status()).isEqualTo(400);
    assertThat(kafkaAcls()).isEmpty();
    admin.createAcls(List.of(acl("User:x", ResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.READ)))
        .all().get(30, TimeUnit.SECONDS);
    assertThat(api.call("DELETE", "/v1/acls").status()).isEqualTo(400);
    assertThat(api.call("DELETE", "/v1/acls?resource-type=topic").status()).isEqualTo(400);
    assertThat(kafkaAcls()).hasSize(1);
  }

  @Test
  void aClusterWithoutAuthorizerAnswers503AndStillKeepsUsers() throws Exception {
    try (KafkaCluster plain = KafkaCluster.start(1, Map.of());
        AccessApiServer plainApi = new AccessApiServer(plain.bootstrapServers())) {
      AccessApiServer.Answer list = plainApi.call("GET", "/v1/acls");
      assertThat(list.status()).isEqualTo(503);
      assertThat(list.body().path("message").asText()).startsWith("authorization is off: set AUTHORIZATION_ENABLED");
      assertThat(plainApi.call("POST", "/v1/acls?principal=User:x&resource-type=topic&resource-name=t"
          + "&operation=read").status()).isEqualTo(503);
      assertThat(plainApi.call("POST", "/v1/users/erin", "{\"password\":\"erin-password\"}").status())
          .isEqualTo(201);
      assertThat(plainApi.call("GET", "/v1/users").body().path("users")).hasSize(1);
    }
  }

  // --- Kafka clients that authenticate with SCRAM on the SASL listener -------------------------

  private static Properties sasl(String user, String password, String mechanism) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + saslPort);
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    props.put(SaslConfigs.SASL_MECHANISM, mechanism);
    props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule"
        + " required username=\"" + user + "\" password=\"" + password + "\";");
    return props;
  }

  /** Polls until {@code user} authenticates (the broker learns new credentials from ZooKeeper). */
  private static void awaitAuthenticated(String user, String password, String mechanism) throws Exception {
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    Properties props = sasl(user, password, mechanism);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    Exception last = null;
    while (Instant.now().isBefore(end)) {
      try (Admin client = Admin.create(props)) {
        // any answer means the SASL handshake passed (the call itself may be refused by the authorizer)
        client.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuthorizationException) {
          return;
        }
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(user + " does not authenticate with " + mechanism, last);
  }

  private static void produce(String user, String password, String topic, String value) throws Exception {
    Properties props = sasl(user, password, "SCRAM-SHA-512");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> consume(String user, String password, String topic, String group) {
    Properties props = sasl(user, password, "SCRAM-SHA-512");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      Instant end = Instant.now().plus(Duration.ofSeconds(60));
      while (values.isEmpty() && Instant.now().isBefore(end)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  /** Whether the action fails because Kafka's authorizer refuses it. */
  private static boolean denied(ThrowingRunnable action) {
    try {
      action.run();
      return false;
    } catch (Exception e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof AuthorizationException) {
          return true;
        }
      }
      throw new AssertionError("failed, but not for want of an ACL", e);
    }
  }

  private static void awaitDenied(ThrowingRunnable action) {
    Instant end = Instant.now().plus(Duration.ofSeconds(30));
    while (!denied(action)) {
      assertThat(Instant.now()).as("still allowed after the ACLs were removed").isBefore(end);
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
