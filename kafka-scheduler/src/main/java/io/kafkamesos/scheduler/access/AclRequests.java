package io.kafkamesos.scheduler.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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

/**
 * Turns the query parameters of {@code /v1/acls} into Kafka's ACL bindings (to add) or binding
 * filters (to list or remove), refusing what Kafka would refuse or misread, each refusal naming
 * the parameter. Pure.
 *
 * <p>Parameters: {@code principal} ({@code User:alice}), {@code resource-type}
 * ({@link AclNames#RESOURCE_TYPES}), {@code resource-name}, {@code pattern-type} ({@code LITERAL},
 * {@code PREFIXED}; to list or remove also {@code ANY} and {@code MATCH}), {@code operation},
 * {@code permission} ({@code ALLOW}, {@code DENY}), {@code host} ({@code *} or an IP address),
 * and the shortcuts of {@code kafka-acls}: {@code producer=true} ({@code write}, {@code describe},
 * {@code create} on the topic; with {@code transactional-id=T} also {@code write} and
 * {@code describe} on T; with {@code idempotent=true} also {@code idempotent-write} on the cluster)
 * and {@code consumer=true&group=G} ({@code read}, {@code describe} on the topic, {@code read} on
 * the group). The shortcuts' resources share the request's {@code pattern-type}.
 *
 * <p>To add, {@code permission} defaults to {@code ALLOW} and {@code host} to {@code *}; to list or
 * remove, a parameter left out matches any value, and {@code pattern-type} defaults to
 * {@code LITERAL} when {@code resource-name} is given, {@code ANY} otherwise. Removing needs a
 * {@code principal} or a resource ({@code resource-name}, or {@code resource-type=cluster}): a
 * request that matches every ACL of the cluster is refused.
 */
public final class AclRequests {

  /** The name Kafka gives the one cluster resource. */
  public static final String CLUSTER_NAME = "kafka-cluster";

  public static final Set<String> PARAMETERS = Set.of("principal", "resource-type", "resource-name",
      "pattern-type", "operation", "permission", "host", "producer", "consumer", "group",
      "transactional-id", "idempotent");

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private AclRequests() {
  }

  /** What {@code POST /v1/acls} adds. */
  public static List<AclBinding> bindings(Map<String, List<String>> query) {
    Params p = new Params(query);
    String principal = p.principal().orElseThrow(() -> AccessException.badRequest("missing principal:"
        + " give the Kafka principal the ACL is for, e.g. principal=User:alice"));
    PatternType pattern = p.patternType(false).orElse(PatternType.LITERAL);
    AclPermissionType permission = p.permission(false).orElse(AclPermissionType.ALLOW);
    String host = p.host().orElse("*");
    Set<AclBinding> bindings = new LinkedHashSet<>();
    for (Grant grant : grants(p, pattern, false)) {
      ResourcePattern resource = new ResourcePattern(grant.type(), grant.name(), grant.pattern());
      for (AclOperation operation : grant.operations()) {
        bindings.add(new AclBinding(resource, new AccessControlEntry(principal, host, operation, permission)));
      }
    }
    return List.copyOf(bindings);
  }

  /** What {@code GET /v1/acls} lists ({@code remove} false) or {@code DELETE /v1/acls} removes. */
  public static List<AclBindingFilter> filters(Map<String, List<String>> query, boolean remove) {
    Params p = new Params(query);
    String principal = p.principal().orElse(null);
    AclPermissionType permission = p.permission(true).orElse(AclPermissionType.ANY);
    String host = p.host().orElse(null);
    Optional<PatternType> pattern = p.patternType(true);
    List<Grant> grants = grants(p, pattern.orElse(p.has("resource-name") ? PatternType.LITERAL
        : PatternType.ANY), true);
    if (remove && principal == null && grants.stream().anyMatch(g -> g.name() == null)) {
      throw AccessException.badRequest("DELETE /v1/acls needs principal or resource-name"
          + " (or resource-type=cluster): without either it would remove every ACL of the cluster");
    }
    Set<AclBindingFilter> filters = new LinkedHashSet<>();
    for (Grant grant : grants) {
      ResourcePatternFilter resource = new ResourcePatternFilter(grant.type(), grant.name(), grant.pattern());
      for (AclOperation operation : grant.operations()) {
        filters.add(new AclBindingFilter(resource,
            new AccessControlEntryFilter(principal, host, operation, permission)));
      }
    }
    return List.copyOf(filters);
  }

  /** Operations on one resource (a null name, type ANY or operation ANY match anything when listing). */
  private record Grant(ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {
  }

  private static List<Grant> grants(Params p, PatternType pattern, boolean filter) {
    boolean producer = p.flag("producer");
    boolean consumer = p.flag("consumer");
    if (!producer) {
      p.refuseWithout("transactional-id", "producer=true");
      p.refuseWithout("idempotent", "producer=true");
    }
    if (!consumer) {
      p.refuseWithout("group", "consumer=true");
    }
    if (producer || consumer) {
      return shortcuts(p, pattern, producer, consumer);
    }
    Optional<ResourceType> type = p.resourceType(filter);
    if (type.isEmpty() && !filter) {
      throw AccessException.badRequest("missing resource-type: one of " + AclNames.resourceTypes()
          + " (or producer=true / consumer=true&group=G)");
    }
    ResourceType resourceType = type.orElse(ResourceType.ANY);
    Optional<String> name = p.text("resource-name");
    if (resourceType == ResourceType.CLUSTER) {
      if (name.isPresent() && !name.get().equals(CLUSTER_NAME)) {
        throw AccessException.badRequest("invalid resource-name \"" + UserRequests.printable(name.get())
            + "\" for resource-type cluster: the cluster resource is named " + CLUSTER_NAME
            + " (leave resource-name out)");
      }
      if (pattern == PatternType.PREFIXED) {
        throw AccessException.badRequest("invalid pattern-type PREFIXED for resource-type cluster:"
            + " the cluster resource is LITERAL " + CLUSTER_NAME);
      }
      name = Optional.of(CLUSTER_NAME);
    } else if (name.isEmpty() && !filter) {
      throw AccessException.badRequest("missing resource-name: the " + AclNames.name(resourceType)
          + " the ACL is for (* for every " + AclNames.name(resourceType) + ")");
    }
    Optional<AclOperation> operation = p.operation(filter);
    if (operation.isEmpty() && !filter) {
      throw AccessException.badRequest("missing operation: one of " + AclNames.operations(resourceType)
          + " for resource-type " + AclNames.name(resourceType));
    }
    if (operation.isPresent() && resourceType != ResourceType.ANY
        && !AclNames.allows(resourceType, operation.get())) {
      throw AccessException.badRequest("invalid operation " + AclNames.name(operation.get())
          + " for resource-type " + AclNames.name(resourceType) + ": it takes "
          + AclNames.operations(resourceType));
    }
    return List.of(new Grant(resourceType, name.orElse(null), pattern,
        List.of(operation.orElse(AclOperation.ANY))));
  }

  /** {@code kafka-acls --producer / --consumer}: fixed operations on the topic and its companions. */
  private static List<Grant> shortcuts(Params p, PatternType pattern, boolean producer, boolean consumer) {
    if (p.has("operation")) {
      throw AccessException.badRequest("operation does not go with producer=true or consumer=true:"
          + " they grant fixed operations; leave operation out");
    }
    Optional<ResourceType> type = p.resourceType(false);
    if (type.isPresent() && type.get() != ResourceType.TOPIC) {
      throw AccessException.badRequest("invalid resource-type " + AclNames.name(type.get())
          + " with producer=true or consumer=true: they grant on a topic (resource-type=topic)");
    }
    String topic = p.text("resource-name").orElseThrow(() -> AccessException.badRequest(
        "missing resource-name: the topic producer=true or consumer=true grants on (* for every topic)"));
    List<Grant> grants = new ArrayList<>();
    if (producer) {
      grants.add(new Grant(ResourceType.TOPIC, topic, pattern,
          List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)));
      p.text("transactional-id").ifPresent(id -> grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, id,
          pattern, List.of(AclOperation.WRITE, AclOperation.DESCRIBE))));
      if (p.flag("idempotent")) {
        grants.add(new Grant(ResourceType.CLUSTER, CLUSTER_NAME, PatternType.LITERAL,
            List.of(AclOperation.IDEMPOTENT_WRITE)));
      }
    }
    if (consumer) {
      String group = p.text("group").orElseThrow(() -> AccessException.badRequest(
          "missing group: consumer=true needs group=<consumer group> (* for every group)"));
      grants.add(new Grant(ResourceType.TOPIC, topic, pattern, List.of(AclOperation.READ, AclOperation.DESCRIBE)));
      grants.add(new Grant(ResourceType.GROUP, group, pattern, List.of(AclOperation.READ)));
    }
    return grants;
  }

  /** The request's parameters, each read once and checked. */
  private static final class Params {
    private final Map<String, List<String>> query;

    Params(Map<String, List<String>> query) {
      for (Map.Entry<String, List<String>> entry : query.entrySet()) {
        if (!PARAMETERS.contains(entry.getKey())) {
          throw AccessException.badRequest("unknown parameter \"" + UserRequests.printable(entry.getKey())
              + "\"; the parameters are " + new java.util.TreeSet<>(PARAMETERS));
        }
        if (entry.getValue().size() > 1) {
          throw AccessException.badRequest("give " + entry.getKey() + " once (it was given "
              + entry.getValue().size() + " times)");
        }
      }
      this.query = query;
    }

    boolean has(String name) {
      return query.containsKey(name);
    }

    Optional<String> text(String name) {
      List<String> values = query.get(name);
      if (values == null || values.isEmpty()) {
        return Optional.empty();
      }
      String value = values.get(0);
      if (value == null || value.isBlank()) {
        throw AccessException.badRequest("empty " + name + ": give a value or leave it out");
      }
      if (value.codePoints().anyMatch(Character::isISOControl)) {
        throw AccessException.badRequest("invalid " + name + ": control characters are not allowed");
      }
      return Optional.of(value.strip());
    }

    boolean flag(String name) {
      return text(name).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw AccessException.badRequest("invalid " + name + " \"" + UserRequests.printable(value)
            + "\": must be true or false");
      }).orElse(false);
    }

    void refuseWithout(String name, String needed) {
      if (has(name) && !(name.equals("idempotent") && !flag(name))) {
        throw AccessException.badRequest(name + " only goes with " + needed);
      }
    }

    Optional<String> principal() {
      return text("principal").map(value -> {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
          throw AccessException.badRequest("invalid principal \"" + UserRequests.printable(value)
              + "\": must be User:<name> (User:alice, User:CN=alice,O=example, or User:* for everyone)");
        }
        if (!value.substring(0, colon).equals("User")) {
          throw AccessException.badRequest("invalid principal \"" + UserRequests.printable(value)
              + "\": Kafka's authorizers know User principals only: User:<name>");
        }
        return value;
      });
    }

    Optional<ResourceType> resourceType(boolean filter) {
      return text("resource-type").map(value -> {
        if (filter && AclNames.same("ANY", value)) {
          return ResourceType.ANY;
        }
        return AclNames.resourceType(value).orElseThrow(() -> AccessException.badRequest(
            "invalid resource-type \"" + UserRequests.printable(value) + "\": must be one of "
                + AclNames.resourceTypes() + (filter ? " or any" : "")));
      });
    }

    Optional<PatternType> patternType(boolean filter) {
      return text("pattern-type").map(value -> {
        List<PatternType> allowed = filter
            ? List.of(PatternType.LITERAL, PatternType.PREFIXED, PatternType.ANY, PatternType.MATCH)
            : List.of(PatternType.LITERAL, PatternType.PREFIXED);
        return allowed.stream().filter(t -> t.name().equalsIgnoreCase(value)).findFirst()
            .orElseThrow(() -> AccessException.badRequest("invalid pattern-type \""
                + UserRequests.printable(value) + "\": must be " + String.join(", ",
                allowed.stream().map(Enum::name).toList()) + (filter ? "" : " (ANY and MATCH only"
                + " select ACLs to list or remove)")));
      });
    }

    Optional<AclOperation> operation(boolean filter) {
      return text("operation").map(value -> {
        if (filter && AclNames.same("ANY", value)) {
          return AclOperation.ANY;
        }
        return AclNames.operation(value).orElseThrow(() -> AccessException.badRequest(
            "invalid operation \"" + UserRequests.printable(value) + "\": must be one of all, read,"
                + " write, create, delete, alter, describe, cluster-action, describe-configs,"
                + " alter-configs, idempotent-write, create-tokens, describe-tokens"));
      });
    }

    Optional<AclPermissionType> permission(boolean filter) {
      return text("permission").map(value -> {
        List<AclPermissionType> allowed = filter
            ? List.of(AclPermissionType.ALLOW, AclPermissionType.DENY, AclPermissionType.ANY)
            : List.of(AclPermissionType.ALLOW, AclPermissionType.DENY);
        return allowed.stream().filter(t -> t.name().equalsIgnoreCase(value)).findFirst()
            .orElseThrow(() -> AccessException.badRequest("invalid permission \""
                + UserRequests.printable(value) + "\": must be " + String.join(" or ",
                allowed.stream().map(Enum::name).toList())));
      });
    }

    Optional<String> host() {
      return text("host").map(value -> {
        if (value.equals("*") || ipAddress(value)) {
          return value;
        }
        throw AccessException.badRequest("invalid host \"" + UserRequests.printable(value) + "\": must be"
            + " * or an IP address (Kafka matches the client's address, never a host name)");
      });
    }
  }

  /** An IPv4 or IPv6 literal, without a name lookup. */
  static boolean ipAddress(String text) {
    var v4 = IPV4.matcher(text);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return false;
        }
      }
      return true;
    }
    if (!text.contains(":") || !IPV6.matcher(text).matches()) {
      return false;
    }
    try {
      // a literal of hex digits, ':' and '.' only: parsed, never looked up
      return InetAddress.getByName(text) instanceof java.net.Inet6Address;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
