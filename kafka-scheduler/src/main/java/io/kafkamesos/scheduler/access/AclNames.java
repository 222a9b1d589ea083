package io.kafkamesos.scheduler.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * How the API spells Kafka's ACL words, and which operations each resource type has. Resource
 * types and operations are written in lower case with {@code -} ({@code transactional-id},
 * {@code idempotent-write}), as the query parameters take them and {@code kafka-acls} names its
 * options; they are read in any case, with {@code -}, {@code _} or nothing between words
 * ({@code IdempotentWrite} as {@code kafka-acls --operation} takes it). Pure.
 */
public final class AclNames {

  /** The resource types the API manages ACLs of; {@code user} is Kafka's for delegation tokens. */
  static final List<ResourceType> RESOURCE_TYPES = List.of(ResourceType.TOPIC, ResourceType.GROUP,
      ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID, ResourceType.DELEGATION_TOKEN, ResourceType.USER);

  /**
   * The operations that mean something on each resource type (Kafka's {@code AclEntry}), plus
   * {@code all}, which every type takes. Groups take {@code describe-configs} and
   * {@code alter-configs} since Kafka 4.0 (group configurations); earlier brokers store them and
   * never check them.
   */
  private static final Map<ResourceType, Set<AclOperation>> OPERATIONS = Map.of(
      ResourceType.TOPIC, EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
          AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
          AclOperation.ALTER_CONFIGS),
      ResourceType.GROUP, EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
          AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
      ResourceType.CLUSTER, EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
          AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
          AclOperation.ALTER, AclOperation.DESCRIBE),
      ResourceType.TRANSACTIONAL_ID, EnumSet.of(AclOperation.DESCRIBE, AclOperation.WRITE),
      ResourceType.DELEGATION_TOKEN, EnumSet.of(AclOperation.DESCRIBE),
      ResourceType.USER, EnumSet.of(AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS));

  private AclNames() {
  }

  /** {@code TRANSACTIONAL_ID} as {@code transactional-id}. */
  public static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Optional<ResourceType> resourceType(String text) {
    return RESOURCE_TYPES.stream().filter(type -> same(type.name(), text)).findFirst();
  }

  static Optional<AclOperation> operation(String text) {
    return Arrays.stream(AclOperation.values())
        .filter(op -> op != AclOperation.UNKNOWN && op != AclOperation.ANY)
        .filter(op -> same(op.name(), text))
        .findFirst();
  }

  /** Whether {@code operation} means something on {@code type}. */
  static boolean allows(ResourceType type, AclOperation operation) {
    return operation == AclOperation.ALL || OPERATIONS.getOrDefault(type, Set.of()).contains(operation);
  }

  /** The operations of {@code type}, as the API spells them. */
  static List<String> operations(ResourceType type) {
    List<String> names = new ArrayList<>();
    names.add("all");
    OPERATIONS.get(type).stream().sorted().map(AclNames::name).forEach(names::add);
    return names;
  }

  static List<String> resourceTypes() {
    return RESOURCE_TYPES.stream().map(AclNames::name).toList();
  }

  static boolean same(String enumName, String text) {
    return normalize(enumName).equals(normalize(text));
  }

  private static String normalize(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }
}
