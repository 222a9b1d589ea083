package io.kafkamesos.cli.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.cli.progress.Sleeper;
import io.kafkamesos.cli.support.CliRunner;
import io.kafkamesos.cli.support.CommandFactory;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.JsonPrinter;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code dcos package ...} and {@code dcos marathon ...}: the command classes and what they need.
 * Exit status: 0 success; 1 refused or failed (the reason, naming the field or the app, on stderr);
 * 2 a bad command line (the usage on stderr).
 *
 * <p>Environment (besides {@code DCOS_URI}): {@code MARATHON_URL}, {@code DCOS_MESOS_URL},
 * {@code KAFKA_PACKAGE_DIR}, {@code KAFKA_RESOURCE_BASE}, {@code KAFKA_PACKAGE_DEFAULTS}; see
 * {@link Locations}.
 */
public final class PackageCli {

    public static final int OK = CliRunner.OK;
    public static final int FAILED = CliRunner.FAILED;
    public static final int USAGE = CliRunner.USAGE;

    /** The command groups, below {@code dcos}. */
    public static final List<Class<?>> COMMANDS = List.of(PackageCommands.class, MarathonCommands.Group.class);

    private PackageCli() {
    }

    /** Teaches {@code factory} to make the package and marathon commands. */
    public static void register(CommandFactory factory, CliInputs inputs, JsonHttp http, PrintStream out,
            PrintStream err) {
        Locations locations = new Locations(inputs);
        factory.register(PackageCommands.class, () -> new PackageCommands(locations, http, out, err,
                Clock.systemUTC(), Sleeper.system()));
        factory.register(MarathonCommands.class, () -> new MarathonCommands(locations, http, out));
    }

    /**
     * Runs one command with only the package and marathon commands below {@code dcos}.
     *
     * @param args the words after {@code dcos}, starting with {@code package} or {@code marathon}
     * @return the exit status
     */
    public static int run(List<String> args, CliInputs inputs, PrintStream out, PrintStream err) {
        CommandFactory factory = new CommandFactory();
        register(factory, inputs, JsonHttp.create(), out, err);
        CommandLine root = CliRunner.root(factory, COMMANDS);
        return new CliRunner(out, err).execute(root, args, (command, outcome) -> {
            throw new IllegalStateException("no way to run " + outcome);
        });
    }

    /** JSON as the DC/OS CLI prints it: four-space indents, {@code "key": value}, keys in the document's order. */
    static String pretty(JsonNode node) {
        return JsonPrinter.prettyInOrder(node);
    }
}
