package io.kafkamesos.scheduler.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AclRequestsTest {

  private static Map<String, List<String>> query(String... pairs) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return query;
  }

  private static AclBinding binding(ResourceType type, String name, PatternType pattern, AclOperation op) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:alice", "*", op, AclPermissionType.ALLOW));
  }

  private static void refused(Map<String, List<String>> query, String message) {
    assertThatThrownBy(() -> AclRequests.bindings(query))
        .isInstanceOfSatisfying(AccessException.class,
            e -> assertThat(e.kind()).isEqualTo(AccessException.Kind.BAD_REQUEST))
        .hasMessageContaining(message);
  }

  @Test
  void oneAclWithTheDefaultsAllowFromEveryHostOnALiteralName() {
    assertThat(AclRequests.bindings(query("principal", "User:alice", "resource-type", "topic",
        "resource-name", "orders", "operation", "read")))
        .containsExactly(binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ));
  }

  @Test
  void everyParameterIsRead() {
    assertThat(AclRequests.bindings(query("principal", "User:bob", "resource-type", "Transactional_Id",
        "resource-name", "tx-", "pattern-type", "prefixed", "operation", "Write", "permission", "deny",
        "host", "10.0.0.7")))
        .containsExactly(new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "tx-",
            PatternType.PREFIXED), new AccessControlEntry("User:bob", "10.0.0.7", AclOperation.WRITE,
            AclPermissionType.DENY)));
    assertThat(AclRequests.bindings(query("principal", "User:bob", "resource-type", "cluster",
        "operation", "IdempotentWrite", "host", "::1")).get(0).pattern())
        .isEqualTo(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL));
  }

  @Test
  void theProducerShortcutGrantsWhatKafkaAclsProducerGrants() {
    assertThat(AclRequests.bindings(query("principal", "User:alice", "producer", "true",
        "resource-name", "orders")))
        .containsExactlyInAnyOrder(
            binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE),
            binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE),
            binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.CREATE));
  }

  @Test
  void aTransactionalOrIdempotentProducerGetsItsTransactionalIdOrTheCluster() {
    assertThat(AclRequests.bindings(query("principal", "User:alice", "producer", "true",
        "resource-name", "orders-", "pattern-type", "PREFIXED", "transactional-id", "tx-",
        "idempotent", "true")))
        .containsExactlyInAnyOrder(
            binding(ResourceType.TOPIC, "orders-", PatternType.PREFIXED, AclOperation.WRITE),
            binding(ResourceType.TOPIC, "orders-", PatternType.PREFIXED, AclOperation.DESCRIBE),
            binding(ResourceType.TOPIC, "orders-", PatternType.PREFIXED, AclOperation.CREATE),
            binding(ResourceType.TRANSACTIONAL_ID, "tx-", PatternType.PREFIXED, AclOperation.WRITE),
            binding(ResourceType.TRANSACTIONAL_ID, "tx-", PatternType.PREFIXED, AclOperation.DESCRIBE),
            binding(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE));
  }

  @Test
  void theConsumerShortcutGrantsReadAndDescribeOnTheTopicAndReadOnTheGroup() {
    assertThat(AclRequests.bindings(query("principal", "User:alice", "consumer", "true",
        "group", "billing", "resource-type", "topic", "resource-name", "orders")))
        .containsExactlyInAnyOrder(
            binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
            binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE),
            binding(ResourceType.GROUP, "billing", PatternType.LITERAL, AclOperation.READ));
    // both at once, as kafka-acls allows: describe on the topic once
    assertThat(AclRequests.bindings(query("principal", "User:alice", "consumer", "true", "producer", "true",
        "group", "billing", "resource-name", "orders"))).hasSize(5);
  }

  @Test
  void badParametersAreRefusedByName() {
    refused(query("resource-type", "topic", "resource-name", "t", "operation", "read"), "missing principal");
    refused(query("principal", "alice", "resource-type", "topic", "resource-name", "t", "operation", "read"),
        "invalid principal \"alice\": must be User:<name>");
    refused(query("principal", "Group:ops", "resource-type", "topic", "resource-name", "t", "operation", "read"),
        "Kafka's authorizers know User principals only");
    refused(query("principal", "User:a", "resource-name", "t", "operation", "read"), "missing resource-type");
    refused(query("principal", "User:a", "resource-type", "queue", "resource-name", "t", "operation", "read"),
        "invalid resource-type \"queue\": must be one of [topic, group, cluster, transactional-id,"
            + " delegation-token, user]");
    refused(query("principal", "User:a", "resource-type", "topic", "operation", "read"), "missing resource-name");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t"), "missing operation");
    refused(query("principal", "User:a", "resource-type", "group", "resource-name", "g", "operation", "write"),
        "invalid operation write for resource-type group: it takes [all, read, delete, describe,"
            + " describe-configs, alter-configs]");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "fly"),
        "invalid operation \"fly\"");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "read",
        "pattern-type", "MATCH"), "invalid pattern-type \"MATCH\": must be LITERAL, PREFIXED (ANY and MATCH only");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "read",
        "permission", "maybe"), "invalid permission \"maybe\": must be ALLOW or DENY");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "read",
        "host", "client.example.com"), "invalid host \"client.example.com\": must be * or an IP address");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "read",
        "host", "300.1.1.1"), "invalid host");
    refused(query("principal", "User:a", "resource-type", "cluster", "resource-name", "other",
        "operation", "alter"), "the cluster resource is named kafka-cluster");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "read",
        "principle", "User:b"), "unknown parameter \"principle\"");
    refused(query("principal", "User:a", "principal", "User:b", "resource-type", "topic",
        "resource-name", "t", "operation", "read"), "give principal once");
    refused(query("principal", "", "resource-type", "topic", "resource-name", "t", "operation", "read"),
        "empty principal");
  }

  @Test
  void shortcutsRefuseWhatDoesNotGoWithThem() {
    refused(query("principal", "User:a", "consumer", "true", "resource-name", "t"),
        "missing group: consumer=true needs group=<consumer group>");
    refused(query("principal", "User:a", "producer", "true"), "missing resource-name: the topic");
    refused(query("principal", "User:a", "producer", "true", "resource-name", "t", "operation", "read"),
        "operation does not go with producer=true or consumer=true");
    refused(query("principal", "User:a", "producer", "true", "resource-type", "group", "resource-name", "t"),
        "invalid resource-type group with producer=true or consumer=true");
    refused(query("principal", "User:a", "resource-type", "topic", "resource-name", "t", "operation", "read",
        "group", "g"), "group only goes with consumer=true");
    refused(query("principal", "User:a", "consumer", "true", "group", "g", "resource-name", "t",
        "transactional-id", "x"), "transactional-id only goes with producer=true");
    refused(query("principal", "User:a", "producer", "yes", "resource-name", "t"),
        "invalid producer \"yes\": must be true or false");
  }

  @Test
  void listingWithoutParametersMatchesEveryAcl() {
    assertThat(AclRequests.filters(query(), false)).containsExactly(new AclBindingFilter(
        new ResourcePatternFilter(ResourceType.ANY, null, PatternType.ANY),
        new AccessControlEntryFilter(null, null, AclOperation.ANY, AclPermissionType.ANY)));
  }

  @Test
  void aNamedResourceIsLiteralUnlessAskedOtherwise() {
    assertThat(AclRequests.filters(query("resource-type", "topic", "resource-name", "orders"), false))
        .containsExactly(new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.LITERAL),
            AccessControlEntryFilter.ANY));
    assertThat(AclRequests.filters(query("resource-type", "topic", "resource-name", "orders",
        "pattern-type", "match", "principal", "User:alice"), false))
        .containsExactly(new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.TOPIC, "orders", PatternType.MATCH),
            new AccessControlEntryFilter("User:alice", null, AclOperation.ANY, AclPermissionType.ANY)));
  }

  @Test
  void removingEverythingIsRefused() {
    assertThatThrownBy(() -> AclRequests.filters(query(), true))
        .hasMessage("DELETE /v1/acls needs principal or resource-name (or resource-type=cluster):"
            + " without either it would remove every ACL of the cluster");
    assertThatThrownBy(() -> AclRequests.filters(query("resource-type", "topic", "operation", "read"), true))
        .isInstanceOf(AccessException.class);
    assertThat(AclRequests.filters(query("resource-type", "cluster"), true)).hasSize(1);
    assertThat(AclRequests.filters(query("principal", "User:alice"), true)).hasSize(1);
  }

  @Test
  void removingAShortcutRemovesExactlyWhatItGranted() {
    List<AclBindingFilter> filters = AclRequests.filters(query("principal", "User:alice", "consumer", "true",
        "group", "billing", "resource-name", "orders"), true);
    List<AclBinding> granted = AclRequests.bindings(query("principal", "User:alice", "consumer", "true",
        "group", "billing", "resource-name", "orders"));
    assertThat(filters).hasSize(granted.size());
    for (AclBinding binding : granted) {
      assertThat(filters.stream().filter(f -> f.matches(binding))).hasSize(1);
    }
    AclBinding other = binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.WRITE);
    assertThat(filters.stream().noneMatch(f -> f.matches(other))).isTrue();
  }

  @Test
  void ipAddressesAreLiteralsNeverLookedUp() {
    assertThat(AclRequests.ipAddress("10.0.0.1")).isTrue();
    assertThat(AclRequests.ipAddress("fe80::1")).isTrue();
    assertThat(AclRequests.ipAddress("localhost")).isFalse();
    assertThat(AclRequests.ipAddress("1.2.3")).isFalse();
    assertThat(AclRequests.ipAddress("cafe")).isFalse();
  }
}
