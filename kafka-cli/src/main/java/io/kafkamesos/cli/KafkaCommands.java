package io.kafkamesos.cli;

import io.kafkamesos.cli.pkg.CommandLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code dcos kafka} words into API calls, following the seed's commands. Pure: it checks
 * the words and options and builds the request; the API checks the values.
 */
final class KafkaCommands {

    /** The options of {@code dcos kafka}; each command allows its own (and --framework-name). */
    static final CommandLine.Syntax SYNTAX = new CommandLine.Syntax(
            Set.of("framework-name", "partitions", "replication", "key", "size", "acks"), Set.of("force"));

    private KafkaCommands() {
    }

    static ApiRequest toRequest(CommandLine args) {
        List<String> words = args.positionals();
        if (words.isEmpty()) {
            throw new UsageException("missing command");
        }
        String group = words.get(0);
        List<String> rest = words.subList(1, words.size());
        return switch (group) {
            case "connection" -> {
                expect(rest, 0, "connection");
                allowOptions(args, "connection");
                yield ApiRequest.of("GET", "/v1/connection");
            }
            case "broker" -> broker(rest, args);
            case "topic" -> topic(rest, args);
            case "plan" -> plan(rest, args);
            default -> throw new UsageException("unknown command \"" + group + "\"");
        };
    }

    private static ApiRequest broker(List<String> words, CommandLine args) {
        if (words.isEmpty()) {
            throw new UsageException("missing broker command: list, describe, restart, replace or remove");
        }
        String command = words.get(0);
        List<String> rest = words.subList(1, words.size());
        if (command.equals("replace")) {
            allowOptions(args, "broker replace", "force");
        } else {
            allowOptions(args, "broker " + command);
        }
        return switch (command) {
            case "list" -> {
                expect(rest, 0, "broker list");
                yield ApiRequest.of("GET", "/v1/brokers");
            }
            case "describe" -> {
                expect(rest, 1, "broker describe <id>");
                yield ApiRequest.of("GET", "/v1/brokers/" + ApiRequest.encode(rest.get(0)));
            }
            case "restart" -> {
                expect(rest, 1, "broker restart <id>");
                yield ApiRequest.of("PUT", "/v1/brokers/" + ApiRequest.encode(rest.get(0)));
            }
            case "replace" -> {
                // "force" as a trailing word is the older spelling of --force; scripts may still use it
                boolean forceWord = rest.size() == 2 && rest.get(1).equals("force");
                List<String> id = forceWord ? rest.subList(0, 1) : rest;
                expect(id, 1, "broker replace <id> [--force]");
                String path = "/v1/brokers/" + ApiRequest.encode(id.get(0)) + "/replace";
                yield forceWord || args.flag("force")
                        ? new ApiRequest("PUT", path, Map.of("force", "true"))
                        : ApiRequest.of("PUT", path);
            }
            case "remove" -> {
                expect(rest, 1, "broker remove <id>");
                yield ApiRequest.of("DELETE", "/v1/brokers/" + ApiRequest.encode(rest.get(0)));
            }
            default -> throw new UsageException("unknown broker command \"" + command + "\"");
        };
    }

    /** {@code plan show|interrupt|continue|restart <step>}: watch and steer a configuration roll-out. */
    private static ApiRequest plan(List<String> words, CommandLine args) {
        if (words.isEmpty()) {
            throw new UsageException("missing plan command: show, interrupt, continue or restart");
        }
        String command = words.get(0);
        List<String> rest = words.subList(1, words.size());
        allowOptions(args, "plan " + command);
        return switch (command) {
            case "show" -> {
                expect(rest, 0, "plan show");
                yield ApiRequest.of("GET", "/v1/plan");
            }
            case "interrupt", "continue" -> {
                expect(rest, 0, "plan " + command);
                yield ApiRequest.of("PUT", "/v1/plan/" + command);
            }
            case "restart" -> {
                expect(rest, 1, "plan restart <step>");
                yield new ApiRequest("PUT", "/v1/plan/restart", Map.of("step", rest.get(0)));
            }
            default -> throw new UsageException("unknown plan command \"" + command + "\"");
        };
    }

    private static ApiRequest topic(List<String> words, CommandLine args) {
        if (words.isEmpty()) {
            throw new UsageException("missing topic command");
        }
        String command = words.get(0);
        List<String> rest = words.subList(1, words.size());
        Map<String, String> query = new LinkedHashMap<>();
        switch (command) {
            case "list" -> {
                expect(rest, 0, "topic list");
                allowOptions(args, "topic list");
                return ApiRequest.of("GET", "/v1/topics");
            }
            case "create" -> {
                expect(rest, 1, "topic create <name> --partitions=N --replication=N");
                allowOptions(args, "topic create", "partitions", "replication");
                query.put("name", rest.get(0));
                query.put("partitions", requireOption(args, "partitions", "topic create"));
                query.put("replication", requireOption(args, "replication", "topic create"));
                return new ApiRequest("POST", "/v1/topics", query);
            }
            case "describe" -> {
                expect(rest, 1, "topic describe <name>");
                allowOptions(args, "topic describe");
                return ApiRequest.of("GET", topicPath(rest));
            }
            case "offsets" -> {
                expect(rest, 1, "topic offsets <name>");
                allowOptions(args, "topic offsets");
                return ApiRequest.of("GET", topicPath(rest) + "/offsets");
            }
            case "partitions" -> {
                expect(rest, 2, "topic partitions <name> <count>");
                allowOptions(args, "topic partitions");
                query.put("operation", "partitions");
                query.put("partitions", rest.get(1));
                return new ApiRequest("PUT", topicPath(rest), query);
            }
            case "config" -> {
                expect(rest, 3, "topic config <name> <key> <value>");
                allowOptions(args, "topic config");
                query.put("operation", "config");
                query.put("key", rest.get(1));
                query.put("value", rest.get(2));
                return new ApiRequest("PUT", topicPath(rest), query);
            }
            case "delete_config" -> {
                expect(rest, 1, "topic delete_config <name> --key=KEY");
                allowOptions(args, "topic delete_config", "key");
                query.put("operation", "deleteConfig");
                query.put("key", requireOption(args, "key", "topic delete_config"));
                return new ApiRequest("PUT", topicPath(rest), query);
            }
            case "producer_test" -> {
                expect(rest, 2, "topic producer_test <name> <messages> [--size=BYTES] [--acks=0|1|all]");
                allowOptions(args, "topic producer_test", "size", "acks");
                query.put("operation", "producer-test");
                query.put("messages", rest.get(1));
                if (args.options().containsKey("size")) {
                    query.put("size", args.options().get("size"));
                }
                if (args.options().containsKey("acks")) {
                    query.put("acks", args.options().get("acks"));
                }
                return new ApiRequest("PUT", topicPath(rest), query);
            }
            case "delete" -> {
                expect(rest, 1, "topic delete <name>");
                allowOptions(args, "topic delete");
                return ApiRequest.of("DELETE", topicPath(rest));
            }
            case "under_replicated_partitions", "unavailable_partitions" -> {
                expect(rest, 0, "topic " + command);
                allowOptions(args, "topic " + command);
                return ApiRequest.of("GET", "/v1/topics/" + command);
            }
            default -> throw new UsageException("unknown topic command \"" + command + "\"");
        }
    }

    private static String topicPath(List<String> rest) {
        return "/v1/topics/" + ApiRequest.encode(rest.get(0));
    }

    private static void expect(List<String> rest, int count, String synopsis) {
        if (rest.size() != count) {
            throw new UsageException((rest.size() < count ? "missing arguments" : "too many arguments")
                    + "; usage: dcos kafka " + synopsis);
        }
    }

    /** Refuses options and flags (but --help) the command does not take. */
    private static void allowOptions(CommandLine args, String command, String... allowed) {
        Set<String> permitted = new HashSet<>(Set.of(allowed));
        permitted.add("framework-name");
        permitted.add("help");
        List<String> given = new ArrayList<>(args.options().keySet());
        given.addAll(args.flags());
        for (String option : given) {
            if (!permitted.contains(option)) {
                throw new UsageException("option --" + option + " does not apply to \"" + command + "\"");
            }
        }
    }

    private static String requireOption(CommandLine args, String option, String command) {
        String value = args.options().get(option);
        if (value == null || value.isBlank()) {
            throw new UsageException("\"" + command + "\" needs --" + option);
        }
        return value;
    }
}
