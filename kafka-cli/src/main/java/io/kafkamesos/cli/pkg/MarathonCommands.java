package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dcos marathon app list|show|update|remove}: what the seed's "Changing configuration in
 * flight" does in Marathon's UI. {@code update NAME env.KEY=VALUE ...} reads the app, changes its
 * environment and puts it back, which makes Marathon restart the scheduler with the new settings.
 */
@Command(name = "app", description = "Marathon's apps: the schedulers of the clusters.")
final class MarathonCommands implements Callable<Integer> {

    /** {@code dcos marathon}: only its {@code app} commands. */
    @Command(name = "marathon", description = "Marathon's apps, as the DC/OS CLI shows and changes them.",
            subcommands = MarathonCommands.class)
    static final class Group implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UsageException("missing marathon command: app list|show|update|remove");
        }
    }

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

    @Override
    public Integer call() {
        throw new UsageException("missing marathon app command: list, show, update or remove");
    }

    @Command(name = "list", description = "Every app: id, memory, cpus, tasks, health, command.")
    int list() {
        MarathonClient marathon = marathon();
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

    @Command(name = "show", description = "An app's definition and status.")
    int show(@Parameters(paramLabel = "<app-id>") String appId) {
        MarathonClient marathon = marathon();
        String id = MarathonClient.normalizeId(appId);
        out.println(PackageCli.pretty(marathon.app(id).orElseThrow(() -> noSuchApp(id))));
        return PackageCli.OK;
    }

    @Command(name = "remove", description = "Destroys an app (a cluster's brokers keep running: use dcos package "
            + "uninstall for a cluster).")
    int remove(@Parameters(paramLabel = "<app-id>") String appId,
            @Option(names = "--force", arity = "0", description = "even during a deployment") boolean force) {
        MarathonClient marathon = marathon();
        String id = MarathonClient.normalizeId(appId);
        marathon.app(id).orElseThrow(() -> noSuchApp(id));
        marathon.delete(id, force);
        out.println("Removed Marathon app /" + id);
        return PackageCli.OK;
    }

    @Command(name = "update", description = {"Changes an app; Marathon redeploys it (a scheduler restarts with the "
            + "new environment and rolls the change through its brokers).",
            "env.KEY=VALUE sets a variable (env.KEY= removes it); FIELD=VALUE a top-level field (VALUE is JSON, "
                    + "else a string)."})
    int update(@Parameters(index = "0", paramLabel = "<app-id>") String appId,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE") List<String> words,
            @Option(names = "--force", arity = "0", description = "even during a deployment; may change "
                    + "FRAMEWORK_NAME") boolean force) {
        MarathonClient marathon = marathon();
        String id = MarathonClient.normalizeId(appId);
        List<Assignment> assignments = Assignment.parseAll(words);
        JsonNode app = marathon.app(id).orElseThrow(() -> noSuchApp(id));
        ObjectNode definition = MarathonClient.definition(app);
        List<String> changes = apply(definition, assignments, force);
        JsonNode answer = marathon.update(id, definition, force);
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
                    throw new UsageException("\"" + word + "\" is not KEY=VALUE (e.g. env.BROKER_COUNT=5)");
                }
                Assignment assignment = new Assignment(word.substring(0, eq), word.substring(eq + 1));
                if (assignment.isEnv() && !assignment.variable().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new UsageException("\"" + assignment.variable() + "\" is not an environment variable name");
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

    private MarathonClient marathon() {
        return new MarathonClient(http, locations.marathonUrl());
    }

    private static PackageException noSuchApp(String id) {
        return new PackageException("Marathon has no app /" + id + " (dcos marathon app list shows the apps)");
    }
}
