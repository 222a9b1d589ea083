package io.kafkamesos.cli;

import io.kafkamesos.cli.support.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dcos kafka acl list|add|remove}: the cluster's ACLs ({@code /v1/acls}); each flag is the
 * query parameter of the same name, and the service checks the values.
 */
@Command(name = "acl", description = "The cluster's ACLs (Kafka's ACL authorizer).")
final class AclCommands implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageException("missing acl command: list, add or remove");
    }

    @Command(name = "list", description = "The ACLs that match the flags (every ACL without flags).")
    ApiRequest list(@Mixin Flags flags) {
        return new ApiRequest("GET", "/v1/acls", flags.query());
    }

    @Command(name = "add", description = {"Adds ACLs: --principal with --resource-type, --resource-name and "
            + "--operation, or a shortcut:",
            "--producer (write, describe, create on the topic; --transactional-id, --idempotent),",
            "--consumer --group G (read, describe on the topic, read on the group)."})
    ApiRequest add(@Mixin Flags flags) {
        return new ApiRequest("POST", "/v1/acls", flags.query());
    }

    @Command(name = "remove", description = "Removes the ACLs that match the flags (needs --principal or "
            + "--resource-name).")
    ApiRequest remove(@Mixin Flags flags) {
        return new ApiRequest("DELETE", "/v1/acls", flags.query());
    }

    /** The flags, named as the query parameters. */
    static final class Flags {
        @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "User:<name>")
        String principal;
        @Option(names = "--resource-type", paramLabel = "TYPE",
                description = "topic, group, cluster, transactional-id, delegation-token, user")
        String resourceType;
        @Option(names = "--resource-name", paramLabel = "NAME", description = "The resource's name (* for all).")
        String resourceName;
        @Option(names = "--pattern-type", paramLabel = "TYPE",
                description = "LITERAL (default), PREFIXED; to list or remove also ANY, MATCH")
        String patternType;
        @Option(names = "--operation", paramLabel = "OPERATION",
                description = "read, write, create, delete, alter, describe, describe-configs, alter-configs, "
                        + "cluster-action, idempotent-write, create-tokens, describe-tokens, all")
        String operation;
        @Option(names = "--permission", paramLabel = "ALLOW|DENY", description = "ALLOW (default to add)")
        String permission;
        @Option(names = "--host", paramLabel = "HOST", description = "* (default to add) or an IP address")
        String host;
        @Option(names = "--producer", arity = "0", description = "What a producer of the topic needs.")
        boolean producer;
        @Option(names = "--consumer", arity = "0", description = "What a consumer of the topic in --group needs.")
        boolean consumer;
        @Option(names = "--group", paramLabel = "GROUP", description = "The consumer group of --consumer.")
        String group;
        @Option(names = "--transactional-id", paramLabel = "ID", description = "With --producer: its transactional id.")
        String transactionalId;
        @Option(names = "--idempotent", arity = "0", description = "With --producer: idempotent-write on the cluster.")
        boolean idempotent;

        Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "principal", principal);
            put(query, "resource-type", resourceType);
            put(query, "resource-name", resourceName);
            put(query, "pattern-type", patternType);
            put(query, "operation", operation);
            put(query, "permission", permission);
            put(query, "host", host);
            if (producer) {
                query.put("producer", "true");
            }
            if (consumer) {
                query.put("consumer", "true");
            }
            put(query, "group", group);
            put(query, "transactional-id", transactionalId);
            if (idempotent) {
                query.put("idempotent", "true");
            }
            return query;
        }

        private static void put(Map<String, String> query, String name, String value) {
            if (value != null) {
                query.put(name, value);
            }
        }
    }
}
