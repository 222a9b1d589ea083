package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.cli.pkg.CommandLine.UsageError;
import io.kafkamesos.cli.pkg.MarathonClient.MarathonException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The entry point of {@code dcos package ...} and {@code dcos marathon ...}. Exit status: 0
 * success; 1 refused or failed (the reason, naming the field or the app, on stderr); 2 a bad
 * command line (the usage on stderr).
 *
 * <p>Environment (besides {@code DCOS_URI}): {@code MARATHON_URL}, {@code DCOS_MESOS_URL},
 * {@code KAFKA_PACKAGE_DIR}, {@code KAFKA_RESOURCE_BASE}, {@code KAFKA_PACKAGE_DEFAULTS}; see
 * {@link Locations}.
 */
public final class PackageCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static final String USAGE_TEXT = """
            Usage:
              dcos package install [--options=FILE] [--yes] kafka
              dcos package uninstall [--app-id=NAME | --all] kafka
              dcos package describe kafka [--config | --app | --render [--options=FILE] | --package-versions]
              dcos package list
              dcos marathon app list
              dcos marathon app show <app-id>
              dcos marathon app update [--force] <app-id> env.KEY=VALUE ... (env.KEY= removes KEY)
              dcos marathon app remove [--force] <app-id>
            Marathon is $DCOS_URI/marathon (MARATHON_URL overrides it).
            """;

    /** The options of {@code package} and {@code marathon} commands; each command allows its own. */
    static final CommandLine.Syntax SYNTAX = new CommandLine.Syntax(Set.of("options", "app-id"),
            Set.of("yes", "config", "app", "render", "all", "force", "cli", "package-versions"));

    private final Locations locations;
    private final JsonHttp http;
    private final PrintStream out;
    private final PrintStream err;

    PackageCli(CliInputs inputs, JsonHttp http, PrintStream out, PrintStream err) {
        this.locations = new Locations(requireNonNull(inputs, "inputs"));
        this.http = requireNonNull(http, "http");
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
    }

    /**
     * Runs one command.
     *
     * @param args the words after {@code dcos}, starting with {@code package} or {@code marathon}
     * @return the exit status
     */
    public static int run(List<String> args, CliInputs inputs, PrintStream out, PrintStream err) {
        return new PackageCli(inputs, JsonHttp.create(), out, err).run(args);
    }

    int run(List<String> args) {
        try {
            if (args.isEmpty()) {
                throw new UsageError("missing command");
            }
            CommandLine line = CommandLine.parse(args.subList(1, args.size()), SYNTAX);
            if (line.help() || line.positionals().equals(List.of("help"))) {
                out.print(USAGE_TEXT);
                return OK;
            }
            return switch (args.get(0)) {
                case "package" -> new PackageCommands(locations, http, out, err).run(line);
                case "marathon" -> new MarathonCommands(locations, http, out).run(line);
                default -> throw new UsageError("unknown command \"" + args.get(0) + "\"; use package or marathon");
            };
        } catch (UsageError e) {
            err.println("Error: " + e.getMessage());
            err.println();
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (PackageException e) {
            err.println("Error: " + e.getMessage());
            e.problems().forEach(problem -> err.println("  - " + problem));
            return FAILED;
        } catch (MarathonException | IllegalStateException | UncheckedIOException e) {
            err.println("Error: " + e.getMessage());
            return FAILED;
        }
    }

    /** JSON as the DC/OS CLI prints it: four-space indents, {@code "key": value}. */
    static String pretty(JsonNode node) {
        try {
            return JsonHttp.JSON.writer(new Printer()).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    private static final class Printer extends DefaultPrettyPrinter {
        Printer() {
            indentObjectsWith(new DefaultIndenter("    ", "\n"));
            indentArraysWith(new DefaultIndenter("    ", "\n"));
        }

        Printer(Printer base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Printer(this);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(": ");
        }
    }
}
