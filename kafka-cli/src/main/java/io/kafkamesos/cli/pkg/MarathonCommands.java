package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.cli.pkg.CommandLine.UsageError;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code dcos marathon app list|show|update|remove}: what the seed's "Changing configuration in
 * flight" does in Marathon's UI. {@code update NAME env.KEY=VALUE ...} reads the app, changes its
 * environment and puts it back, which makes Marathon restart the scheduler with the new settings.
 */
final class MarathonCommands {

    /** Only an install may choose the name: the scheduler's state, chroot and framework hang on it. */
    static final String FRAMEWORK_NAME = "FRAMEWORK_NAME";

    private final Locations locations;
    private final JsonHttp http;
    private final PrintStream out;

    MarathonCommands(Locations locations, JsonHttp http, PrintStream out) {
        this.locations = requireNonNull(locations, "locations");
        this.http = requireNonNull(http, "http");
        this.out = requireNonNull(out, "out");
    }

    int run(CommandLine line) {
        List<String> words = line.positionals();
        if (words.isEmpty() || !words.get(0).equals("app")) {
            throw new UsageError("usage: dcos marathon app list|show|update|remove ...");
        }
        String command = words.size() < 2 ? "" : words.get(1);
        MarathonClient marathon = new MarathonClient(http, locations.marathonUrl());
        return switch (command) {
            case "list" -> list(line.allow("marathon app list", Set.of()), marathon);
            case "show" -> show(line.allow("marathon app show", Set.of()), marathon);
            case "update" -> update(line.allow("marathon app update", Set.of("force")), marathon);
            case "remove" -> remove(line.allow("marathon app remove", Set.of("force")), marathon);
            default -> throw new UsageError(command.isEmpty() ? "missing marathon app command"
                    : "unknown marathon app command \"" + command + "\"; use list, show, update or remove");
        };
    }

    private int list(CommandLine line, MarathonClient marathon) {
        if (line.positionals().size() != 2) {
            throw new UsageError("usage: dcos marathon app list");
        }
        out.printf("%-24s %6s %6s %5s %8s  %s%n", "ID", "MEM", "CPUS", "TASKS", "HEALTH", "CMD");
        for (JsonNode app : marathon.apps()) {
            int running = app.path("tasksRunning").asInt(0);
            String health = app.path("healthChecks").size() == 0 ? "-"
                    : app.path("tasksHealthy").asInt(0) + "/" + running;
            out.printf("%-24s %6s %6s %5s %8s  %s%n", "/" + MarathonClient.normalizeId(app.path("id").asText()),
                    app.path("mem").asText(), app.path("cpus").asText(),
                    running + "/" + app.path("instances").asInt(0), health, app.path("cmd").asText(""));
        }
        return PackageCli.OK;
    }

    private int show(CommandLine line, MarathonClient marathon) {
        String id = appId(line, "usage: dcos marathon app show <app-id>", 3);
        out.println(PackageCli.pretty(marathon.app(id).orElseThrow(() -> noSuchApp(id))));
        return PackageCli.OK;
    }

    private int remove(CommandLine line, MarathonClient marathon) {
        String id = appId(line, "usage: dcos marathon app remove [--force] <app-id>", 3);
        marathon.app(id).orElseThrow(() -> noSuchApp(id));
        marathon.delete(id, line.flag("force"));
        out.println("Removed Marathon app /" + id);
        return PackageCli.OK;
    }

    private int update(CommandLine line, MarathonClient marathon) {
        List<String> words = line.positionals();
        if (words.size() < 4) {
            throw new UsageError("usage: dcos marathon app update [--force] <app-id> env.KEY=VALUE|FIELD=JSON ...");
        }
        String id = MarathonClient.normalizeId(words.get(2));
        List<Assignment> assignments = Assignment.parseAll(words.subList(3, words.size()));
        JsonNode app = marathon.app(id).orElseThrow(() -> noSuchApp(id));
        ObjectNode definition = MarathonClient.definition(app);
        List<String> changes = apply(definition, assignments, line.flag("force"));
        JsonNode answer = marathon.update(id, definition, line.flag("force"));
        String deployment = answer.path("deploymentId").asText("");
        out.println("Updated Marathon app /" + id + ": " + String.join("; ", changes)
                + (deployment.isEmpty() ? "" : " (deployment " + deployment + ")"));
        return PackageCli.OK;
    }

    /** One {@code KEY=VALUE} word of {@code update}. */
    record Assignment(String key, String value) {

        static List<Assignment> parseAll(List<String> words) {
            List<Assignment> assignments = new ArrayList<>();
            for (String word : words) {
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    throw new UsageError("\"" + word + "\" is not KEY=VALUE (e.g. env.BROKER_COUNT=5)");
                }
                Assignment assignment = new Assignment(word.substring(0, eq), word.substring(eq + 1));
                if (assignment.isEnv() && !assignment.variable().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new UsageError("\"" + assignment.variable() + "\" is not an environment variable name");
                }
                assignments.add(assignment);
            }
            return assignments;
        }

        boolean isEnv() {
            return key.startsWith("env.");
        }

        String variable() {
            return key.substring("env.".length());
        }
    }

    /**
     * Applies {@code env.KEY=VALUE} (one variable; an empty VALUE removes it) and
     * {@code FIELD=VALUE} (a top-level field; VALUE is JSON, else a string) to the definition.
     * Pure: returns what changed, for the user.
     */
    static List<String> apply(ObjectNode definition, List<Assignment> assignments, boolean force) {
        List<String> changes = new ArrayList<>();
        for (Assignment assignment : assignments) {
            String value = assignment.value();
            if (assignment.isEnv()) {
                String variable = assignment.variable();
                ObjectNode env = definition.has("env") && definition.get("env").isObject()
                        ? (ObjectNode) definition.get("env") : definition.putObject("env");
                String old = env.path(variable).asText(null);
                if (variable.equals(FRAMEWORK_NAME) && old != null && !old.equals(value) && !force) {
                    throw new PackageException(FRAMEWORK_NAME + " cannot be changed once the cluster is installed ("
                            + old + "); install another cluster with a new kafka.framework-name instead");
                }
                if (value.isEmpty()) {
                    env.remove(variable);
                    changes.add("env." + variable + " removed (was " + old + ")");
                } else {
                    env.put(variable, value);
                    changes.add("env." + variable + " " + (old == null ? "set to " : old + " -> ") + value);
                }
            } else {
                if (assignment.key().equals("id")) {
                    throw new PackageException("an app's id cannot be changed");
                }
                definition.set(assignment.key(), parseValue(value));
                changes.add(assignment.key() + " set to " + value);
            }
        }
        return changes;
    }

    private static JsonNode parseValue(String value) {
        try {
            return JsonHttp.JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return JsonHttp.JSON.getNodeFactory().textNode(value);
        }
    }

    private static String appId(CommandLine line, String usage, int words) {
        if (line.positionals().size() != words) {
            throw new UsageError(usage);
        }
        return MarathonClient.normalizeId(line.positionals().get(2));
    }

    private static PackageException noSuchApp(String id) {
        return new PackageException("Marathon has no app /" + id + " (dcos marathon app list shows the apps)");
    }
}
